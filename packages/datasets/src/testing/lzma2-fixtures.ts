/**
 * Raw LZMA2 streams written by liblzma (Python's lzma module, FORMAT_RAW, FILTER_LZMA2
 * preset 6) from inputs that {@link lzmaFixtureInput} regenerates, for decoder tests.
 * `stored` is one uncompressed chunk (control 0x01); `twoChunks` is an LZMA chunk
 * with every reset (0xff) followed by one that resets nothing (0x90); `resetMidStream`
 * is the stored chunk followed by a fresh LZMA stream (dictionary reset at byte 300).
 */
export const lzmaFixtures = {
  text:
  "4FvBDJVdABgK/Uz6u0ueh6Ep/O7eAU7XdF3kRMhIO8eDx/4z3KwLQipEGCd8McUzLk8rEXc2GCotP2gSsb0+x4tF/uMQEay3jzMp" +
  "w/nmdx/+Q1K/UljsZWVc86m3VkEAPeTVk+ty65U4n4H+FSjj5pvjsWzCAoV+7EQmjeksG67e8h40Tgy5t6JVh4KJbby4dkrEbpG+" +
  "QlpdygkxUYkhUvyIlB9RDiccxANMEI2WUZaqD0oiDPxRdOhPOZdB2nudArZ/t71kkG7s/yfVt91jsxJsOdwGuO6R8dSE1EwnNe9o" +
  "SVmMO60V3Wdb6nyeLTibt7RCE8XQI+juZk3OYr99MUkXrlATpHhLeNH9hYBM5SgH+T6gAKzuNt4kkQodjblZEFztDrTOg9Z0023J" +
  "ptqSU2jgDa9N5iQtLK4qN12+vJZFQl9liMMxiYzNcHo6Q5S9ZdrSG5Lm5A5/arUJ7jQfXq/JuIt3PySuUD1bRoeC76ixMHJpEViX" +
  "vai5zttqG4qkSpeTrGMNt/gjJPW73KNUBuhVQV8rWbfeAEHRg3KWBKBZsXnT+XEt/GRCkszn9sOP2QvPt0koCKzqDP2zV2xTXycW" +
  "47HjybwGYY84gwroMa34FWM145xo++vmIVfOIVdoueW3E3lT5wmb3cb/XxRPqr0JeHYYhpudIl9j7I5j4Upe8ErgcSvLNR4QvdSl" +
  "wkOSPeK5vUUh3s7PJN/keQtowesZCt3ixuHRJUu9skZ0SwZWWbsxWmFjizxhz2MZ5Da/ILx9nE3oe6mUaKJjBvrSSsEJmeRWvkrG" +
  "doAq3D4EVp6kxynxVcBwVn+VeYi4GUBqVHkI6ga6bDcOQMqUwi6rLMWvJLWVsSy81yg7Y8syGSO7TYoR1TnByFuJKzxNsEKNMPpH" +
  "KPimF9pMHWEtzvgqMDL/G77Wk7s9IhO89xy8gqUsurrBh7cPjJgAY0RJ6ywgjAiJnQJLCRk1k4LQ/uOJhJB8Du5Q6rqtfMjgxNcY" +
  "NR4mUqPnfLcXhDlv4ht9USDdXAROYMgm+7gR1Cv4yICceLQC+n6KviPl6ebHqFmgw9/u4K2XSGVMUSSixXf6a/ypwS9yWhOpOfJp" +
  "F+B6GTVojlB/tqJphnD/aPZ6cvaugln1a/qsrOl76Hg5bKuns/pBnT2+TyTy0XD4xa+TKTPBkK73/b/eEhVwqtZPl9Gs3iTroGlf" +
  "vwH+4kRvbQdichuZ4ybg3Vc+jrg8nzlnbEa8dBHAP13CmZriRrwU9S4yN35qgQjBWs+0rn2c1TXgqfgKIcngxkcDLkUOxe+RzWWn" +
  "7+2VtPGZUhL/TpswqXEk5HcyYSgPhLZbL0QloZh1zJHqVO2a48B6qINrP4LtX0QeEID82Q2L+w1M3Aw3shtAsnx7qg3soWvO8njU" +
  "5x8rEmqibfnhG0ormoKdYQP6O4/IbQc2PwjIV7qQK+/2OwxdxQ72HX39GtiTzwABFc/pFHVfg+HfUd7sCDaBeKfM0aJ7KpzbO1Kj" +
  "y7bEFA2a3KMTkchxo6AmnELS8B2rCzg8oRhr8s8l3THEl1Qr1oypy8gfBX/xyfXOa8fF2i7nqfxEPCff+8aOsOlAgi9uF5AWLRST" +
  "tDW3gpz6hswJjiA+fAY1bd7mlcpBDF/QYSvhksvFvmZQBTGKQCygK/HRUIY/a3uK/PX0noSXGJtYIon5D2sRvxFrAXErw/7flLxR" +
  "6bq19KJwwnlj7F2DVxgdy053BNSmgzfwPfcoqiF59I+dnmvyokBMmZcULG/S2kK8BoBsbTqObpGWmP6+H489O3QmNCk7VtdSLgCY" +
  "S6PSYt6Vq0NsUghkfqhQ12T3PN4fbLD5YKyj+U0X/pB8x1smTsN7nMdesP+1QliPWv/CErjidUhsEGobR5L/wje9ym4siZF9rMxo" +
  "O10no3/Egw+cL93+q0oJiCjaq74jTfx2Q6PFv8xMlsp8GUx/W7HmH+OONqNTuPL8t2i0k+THp5yRAz9QzDoZJuwOaBqI5fkdW0d2" +
  "EWRPwXU5H31fcgCOHxCUOuDINyUwepkii3Y0BpGn4okCEaGRpY998x163KTh4ADj7KGED4PO6vhYPQ08W8zEZbRsHi6bs2LMveGG" +
  "wBCq4mNFqePPyroym4UnSWfzWSXElVZEYPqb3RFMo97r9ktDyMP/vvvumb74I6sE0/dwANvkrVQPaMYzQE3KgwFa/uIMpFVFtTJU" +
  "0mhQzNUzCCjqySomvtc6/0xmUbipC7yHTyRajusJkn2SjsEIVW+0W+zRu7QjWxLO3/SDAp0C/+kExX5K6ESSAvgF/chssygcMp6G" +
  "WDRFuuV2QSRyyylxwuSa28ftgNYct43AZqqd6wC3MPp30NYVpfd1npQ3KTyioJD3iTskoPPdFeKrDR3MR/IJ4ueLyJqq7qAnmHA+" +
  "LKlk64Wb2XZ23+U6yY3RADxyE94Jl3Ef1ws21WTn8qPKVtf4G/XqjdX3Hy4Omj+GnZtYn15o1t38ncuw2VSLm1hNdr1EJNXoupAx" +
  "soeyhvBq2ZVMJFn0gWFuWoazPmeMUT3UmbUmgrnLGR8n7sY6yPxn/Tl4qyUimhmHsHAtHJEnSdDDIxu6mRk869n+6jyylLDcvGRn" +
  "HaFqwid4F6faLmupZSRNFIWAoJUFR7bpGaUf9Fhkzh5XTTdB0sYOEu21LGTYhnq9OX+ztMNASPnPh1vzreB+jjPi/Hy+vYo9ceF4" +
  "eFT/G5lOjbVndNMi1QnmHmvMZyfboAigRt13WaQE3lejlW+nUqZOOChROwewIdsoDFpr5Iw4C/EHiUOnziY1vbgPiAuoRhmIbS3m" +
  "leBCu50zBmH+b3oxpqY2nHPG1MWk4C+4HTyj2CLhbICVQggkeuzziNMiSXjBdrfwRV+YK8djp4yGGx7U6keZ5qP0Sl51Cc+PRhsK" +
  "aZEdQx6oPiKV1nCbYbG1FsEJwzDiqp69o3EqfFslenwqDXbfP1ghItMetloKkS2mcJnCkKV2eNAcKBPLjjoy5tSF/hORGdXn8Zc9" +
  "JCaPdt7nqhnGq0Fc44UleaYwSIRO5gqJEETkrO3zYEpVeBrjqXUs6WaYGZ/ZxsAzLjIMrEm1PhBddFzkM0PCjZaiVKxwuqz9boC3" +
  "RFNghzNCoVi9mghEFl5dDe4J3BVEKbtVa/Lm3BrcCF1WSsulhUxuXrcFoIeiQQJ0dhthGEau5lYqa6m95YX/lJlAiBVYDPCG+ssW" +
  "oAfLBRqiQ2l063EKVStmxBDd60BOChbGOtragnsTK7lqpgYq6j9JdYm9L0XdRxvJDWNQQdxB/5lR4GYxUK0Rb8bWpcodlLRGogPl" +
  "36aqp8rg6g+/Fz10vUWsObEmzmFpQTW6gHTB1QACQqCy7Z8IaUliVj+rwOGkAm/aju96HgEmNXSiTIxirT3dXzdWb4E+47wp9/7U" +
  "F8CQdlXZlubFvFB+5PDkpFEGXnMMfTikQCy46sUJltYeh4B6JnTfeIMXCtzr38inEFu2KpsU9y9ZzELtb8jgnCXLg3NfmsZAEJi8" +
  "5eulJ4+iO6la9zzncS6pvnVem2RIxB5RbLX4wRORxC9YDb8VRq4VzSPl0J3+8oc/9YOhHDbra3Pw0942pXvYgJls8BXEe2Ow1zHA" +
  "SVR3y8MOjWvkk364iVp8G2iLczkMgk+I777fiqaN5FQau3316V42A4/xBhJxMhBEq3VOJHP5/ybljTkRyqbrKpIIF1fSspDptRGd" +
  "u6CG1F7ollcjqlb5K5fqHu3hmoBMSX39xYuOdwlmAAumQUKhJJcI8zLDwhhN9c1oB51yr2heI5hXwPySmgXydxDV2K9D5S/mMdBu" +
  "t8kP37mQWVS1VR752gRXU4t8+tDGNqiEQr1g6oRdSQNcRE1vx4XODCEQDNP/UiyimXE36i1D0qNuIb8e5F8W7CiEZZ4PN7Iqepib" +
  "JvYkibQw0GsQ4EMQZa6U+1JMcU6+o9f6AQbjJdiZmRd28Z2G7aiwshPedOszQj7Z4n68/3GMf1GGxydPQ8iFhkiLjZKaaoADYe+5" +
  "F2gPhH84sFjJ0R7qGfktsSxip8N1Dg4O65yueUXvzqhpmvMAEyJBEFaGoMqHZhEZXwF/MJVkVxS+W28RrLscg2vOC06Gwr2UKMbK" +
  "PAhqv5G8gsABbEpop/KuIQc45E6H3uxzBKPqW0Ltl6/FJE+mwOiPn1kHqAi6xW78ZOD7oUtm+ZxNctxN2kZ11PUKXkNbCgiH+nb8" +
  "R7fIs6OFDN9hjVJ8Pip6YGS0YKddci8vzqP0lNxCgjoY6pZHq/YsonLkBmA6uj+xmv+/ezIOqKHpYY7848plsXT9Wd7MnU21krY8" +
  "QM+YAA==",
  stored:
  "AQEr3ARlqh+tHVra5awbHl8TcHls/RD/Ga9gHQSstB0CK0Z4czry31+utwhZ0e45EMtIlbXMiSkR/wa2Yi7fPPk1/UuUKMoJfESz" +
  "Al6WX7PqbazULYFuaa/g5odMnATn0jZdLGDJ6vR59oag65Mm5GIS1Q3Ls3cVamo6aLqO23QIRp7zzrMK+NDdaLv4X/ok8tL8GIf7" +
  "XIe6tDgypZsbPRB893jWf+Jt+BGRKX6TlcsSxVfOWvHUFhjXGbwEW36ZZfGilHHEKqxqqTjEdcetMjgCHwU7LJka/OsV3s9ouuB8" +
  "vNYelxuaC52+l2PTkvyv36KMlyNFYuvdB2Vw/1iJas/3yu4/HOnkCmjl3pONOJx9vddbCdTn4jNEP0qMxKGQ1ri43GFf0Y4ovlkO" +
  "qlAbAA==",
  twoChunks:
  "///uAehdADYaSh8IoCXB3pS6kMw7Kx81OvJf1Z5+c7Le6vfCLQQnMVvKDEf8ldIdW3ykSPjamraGPS5yX8qBD6MEmU+0TErz7LQZ" +
  "F1glZAp03R+qhGXcA+rC+wSWn1D3P0AzkZjOe0yhx9gSiKScdGhYsWbMyqp7fQ97gS6cMqbt5Vw/VI6y9+0nDghGeF0Vh1j8TN8T" +
  "1uOXXrZDwdvnlGIuCCPHrTOyj/uv8rGr2knnd/HJCt0sMR9NxfjARW8TE7fEsEQfzTjNMtzvxZbxBaRlwnPXa5GXiF5oHnX3GcAG" +
  "mE2Y/div1ZAPxCVT+PWRNjEFpbDub8FwTUcM0ZERqq1gHbrOsScYXFmG6WZSWL7pdqxZ5OVbBQj5x9qt/PtSK3TNHlsgQvndUz34" +
  "KWQJO4DLKmzftTvwxL0uX6oPPktmQpATDv8Qk/hxeFn4C83/lShGD6n8fN77mjAuVsCPhfODgcBlxCVT+PWRNjEFpbDub8FwTUcM" +
  "0ZERqq1gHbrOsScYXFmG6WZSWL7pdqxZ5OVbBQj5x9qt/PtSK3TNHlsgQvndUz34KWQJO4DLKmzftTvwxL0uX6oPPktmQpATDv8Q" +
  "k/hxeFn4C83/lShGD6n8fN77mjAuVsCPhfODgcBlxCVT+PWRNjEFpbC4DaiPkDL4AJsA7HNTp/2+rnwxGp+3jTFucJ6nI1/sKMuF" +
  "0ZWYin4qkfIndfcZwAaYTZj92K/VkA/EJVP49ZE2MQWlsO5vwXBNRwzRkRGqrWAdus6xJxhcWYbpZlJYvul2rFnk5VsFCPnH2q38" +
  "+1IrdM0eWyBC+d1TPfgpZAk7gMsqbN+1O/DEvS5fqg8+S2ZCkBMO/xCT+HF4WfgLzf+RYJMrAAAA",
  resetMidStream:
  "AQEr3ARlqh+tHVra5awbHl8TcHls/RD/Ga9gHQSstB0CK0Z4czry31+utwhZ0e45EMtIlbXMiSkR/wa2Yi7fPPk1/UuUKMoJfESz" +
  "Al6WX7PqbazULYFuaa/g5odMnATn0jZdLGDJ6vR59oag65Mm5GIS1Q3Ls3cVamo6aLqO23QIRp7zzrMK+NDdaLv4X/ok8tL8GIf7" +
  "XIe6tDgypZsbPRB893jWf+Jt+BGRKX6TlcsSxVfOWvHUFhjXGbwEW36ZZfGilHHEKqxqqTjEdcetMjgCHwU7LJka/OsV3s9ouuB8" +
  "vNYelxuaC52+l2PTkvyv36KMlyNFYuvdB2Vw/1iJas/3yu4/HOnkCmjl3pONOJx9vddbCdTn4jNEP0qMxKGQ1ri43GFf0Y4ovlkO" +
  "qlAb4FvBDJVdABgK/Uz6u0ueh6Ep/O7eAU7XdF3kRMhIO8eDx/4z3KwLQipEGCd8McUzLk8rEXc2GCotP2gSsb0+x4tF/uMQEay3" +
  "jzMpw/nmdx/+Q1K/UljsZWVc86m3VkEAPeTVk+ty65U4n4H+FSjj5pvjsWzCAoV+7EQmjeksG67e8h40Tgy5t6JVh4KJbby4dkrE" +
  "bpG+QlpdygkxUYkhUvyIlB9RDiccxANMEI2WUZaqD0oiDPxRdOhPOZdB2nudArZ/t71kkG7s/yfVt91jsxJsOdwGuO6R8dSE1Ewn" +
  "Ne9oSVmMO60V3Wdb6nyeLTibt7RCE8XQI+juZk3OYr99MUkXrlATpHhLeNH9hYBM5SgH+T6gAKzuNt4kkQodjblZEFztDrTOg9Z0" +
  "023JptqSU2jgDa9N5iQtLK4qN12+vJZFQl9liMMxiYzNcHo6Q5S9ZdrSG5Lm5A5/arUJ7jQfXq/JuIt3PySuUD1bRoeC76ixMHJp" +
  "EViXvai5zttqG4qkSpeTrGMNt/gjJPW73KNUBuhVQV8rWbfeAEHRg3KWBKBZsXnT+XEt/GRCkszn9sOP2QvPt0koCKzqDP2zV2xT" +
  "XycW47HjybwGYY84gwroMa34FWM145xo++vmIVfOIVdoueW3E3lT5wmb3cb/XxRPqr0JeHYYhpudIl9j7I5j4Upe8ErgcSvLNR4Q" +
  "vdSlwkOSPeK5vUUh3s7PJN/keQtowesZCt3ixuHRJUu9skZ0SwZWWbsxWmFjizxhz2MZ5Da/ILx9nE3oe6mUaKJjBvrSSsEJmeRW" +
  "vkrGdoAq3D4EVp6kxynxVcBwVn+VeYi4GUBqVHkI6ga6bDcOQMqUwi6rLMWvJLWVsSy81yg7Y8syGSO7TYoR1TnByFuJKzxNsEKN" +
  "MPpHKPimF9pMHWEtzvgqMDL/G77Wk7s9IhO89xy8gqUsurrBh7cPjJgAY0RJ6ywgjAiJnQJLCRk1k4LQ/uOJhJB8Du5Q6rqtfMjg" +
  "xNcYNR4mUqPnfLcXhDlv4ht9USDdXAROYMgm+7gR1Cv4yICceLQC+n6KviPl6ebHqFmgw9/u4K2XSGVMUSSixXf6a/ypwS9yWhOp" +
  "OfJpF+B6GTVojlB/tqJphnD/aPZ6cvaugln1a/qsrOl76Hg5bKuns/pBnT2+TyTy0XD4xa+TKTPBkK73/b/eEhVwqtZPl9Gs3iTr" +
  "oGlfvwH+4kRvbQdichuZ4ybg3Vc+jrg8nzlnbEa8dBHAP13CmZriRrwU9S4yN35qgQjBWs+0rn2c1TXgqfgKIcngxkcDLkUOxe+R" +
  "zWWn7+2VtPGZUhL/TpswqXEk5HcyYSgPhLZbL0QloZh1zJHqVO2a48B6qINrP4LtX0QeEID82Q2L+w1M3Aw3shtAsnx7qg3soWvO" +
  "8njU5x8rEmqibfnhG0ormoKdYQP6O4/IbQc2PwjIV7qQK+/2OwxdxQ72HX39GtiTzwABFc/pFHVfg+HfUd7sCDaBeKfM0aJ7Kpzb" +
  "O1Kjy7bEFA2a3KMTkchxo6AmnELS8B2rCzg8oRhr8s8l3THEl1Qr1oypy8gfBX/xyfXOa8fF2i7nqfxEPCff+8aOsOlAgi9uF5AW" +
  "LRSTtDW3gpz6hswJjiA+fAY1bd7mlcpBDF/QYSvhksvFvmZQBTGKQCygK/HRUIY/a3uK/PX0noSXGJtYIon5D2sRvxFrAXErw/7f" +
  "lLxR6bq19KJwwnlj7F2DVxgdy053BNSmgzfwPfcoqiF59I+dnmvyokBMmZcULG/S2kK8BoBsbTqObpGWmP6+H489O3QmNCk7VtdS" +
  "LgCYS6PSYt6Vq0NsUghkfqhQ12T3PN4fbLD5YKyj+U0X/pB8x1smTsN7nMdesP+1QliPWv/CErjidUhsEGobR5L/wje9ym4siZF9" +
  "rMxoO10no3/Egw+cL93+q0oJiCjaq74jTfx2Q6PFv8xMlsp8GUx/W7HmH+OONqNTuPL8t2i0k+THp5yRAz9QzDoZJuwOaBqI5fkd" +
  "W0d2EWRPwXU5H31fcgCOHxCUOuDINyUwepkii3Y0BpGn4okCEaGRpY998x163KTh4ADj7KGED4PO6vhYPQ08W8zEZbRsHi6bs2LM" +
  "veGGwBCq4mNFqePPyroym4UnSWfzWSXElVZEYPqb3RFMo97r9ktDyMP/vvvumb74I6sE0/dwANvkrVQPaMYzQE3KgwFa/uIMpFVF" +
  "tTJU0mhQzNUzCCjqySomvtc6/0xmUbipC7yHTyRajusJkn2SjsEIVW+0W+zRu7QjWxLO3/SDAp0C/+kExX5K6ESSAvgF/chssygc" +
  "Mp6GWDRFuuV2QSRyyylxwuSa28ftgNYct43AZqqd6wC3MPp30NYVpfd1npQ3KTyioJD3iTskoPPdFeKrDR3MR/IJ4ueLyJqq7qAn" +
  "mHA+LKlk64Wb2XZ23+U6yY3RADxyE94Jl3Ef1ws21WTn8qPKVtf4G/XqjdX3Hy4Omj+GnZtYn15o1t38ncuw2VSLm1hNdr1EJNXo" +
  "upAxsoeyhvBq2ZVMJFn0gWFuWoazPmeMUT3UmbUmgrnLGR8n7sY6yPxn/Tl4qyUimhmHsHAtHJEnSdDDIxu6mRk869n+6jyylLDc" +
  "vGRnHaFqwid4F6faLmupZSRNFIWAoJUFR7bpGaUf9Fhkzh5XTTdB0sYOEu21LGTYhnq9OX+ztMNASPnPh1vzreB+jjPi/Hy+vYo9" +
  "ceF4eFT/G5lOjbVndNMi1QnmHmvMZyfboAigRt13WaQE3lejlW+nUqZOOChROwewIdsoDFpr5Iw4C/EHiUOnziY1vbgPiAuoRhmI" +
  "bS3mleBCu50zBmH+b3oxpqY2nHPG1MWk4C+4HTyj2CLhbICVQggkeuzziNMiSXjBdrfwRV+YK8djp4yGGx7U6keZ5qP0Sl51Cc+P" +
  "RhsKaZEdQx6oPiKV1nCbYbG1FsEJwzDiqp69o3EqfFslenwqDXbfP1ghItMetloKkS2mcJnCkKV2eNAcKBPLjjoy5tSF/hORGdXn" +
  "8Zc9JCaPdt7nqhnGq0Fc44UleaYwSIRO5gqJEETkrO3zYEpVeBrjqXUs6WaYGZ/ZxsAzLjIMrEm1PhBddFzkM0PCjZaiVKxwuqz9" +
  "boC3RFNghzNCoVi9mghEFl5dDe4J3BVEKbtVa/Lm3BrcCF1WSsulhUxuXrcFoIeiQQJ0dhthGEau5lYqa6m95YX/lJlAiBVYDPCG" +
  "+ssWoAfLBRqiQ2l063EKVStmxBDd60BOChbGOtragnsTK7lqpgYq6j9JdYm9L0XdRxvJDWNQQdxB/5lR4GYxUK0Rb8bWpcodlLRG" +
  "ogPl36aqp8rg6g+/Fz10vUWsObEmzmFpQTW6gHTB1QACQqCy7Z8IaUliVj+rwOGkAm/aju96HgEmNXSiTIxirT3dXzdWb4E+47wp" +
  "9/7UF8CQdlXZlubFvFB+5PDkpFEGXnMMfTikQCy46sUJltYeh4B6JnTfeIMXCtzr38inEFu2KpsU9y9ZzELtb8jgnCXLg3NfmsZA" +
  "EJi85eulJ4+iO6la9zzncS6pvnVem2RIxB5RbLX4wRORxC9YDb8VRq4VzSPl0J3+8oc/9YOhHDbra3Pw0942pXvYgJls8BXEe2Ow" +
  "1zHASVR3y8MOjWvkk364iVp8G2iLczkMgk+I777fiqaN5FQau3316V42A4/xBhJxMhBEq3VOJHP5/ybljTkRyqbrKpIIF1fSspDp" +
  "tRGdu6CG1F7ollcjqlb5K5fqHu3hmoBMSX39xYuOdwlmAAumQUKhJJcI8zLDwhhN9c1oB51yr2heI5hXwPySmgXydxDV2K9D5S/m" +
  "MdBut8kP37mQWVS1VR752gRXU4t8+tDGNqiEQr1g6oRdSQNcRE1vx4XODCEQDNP/UiyimXE36i1D0qNuIb8e5F8W7CiEZZ4PN7Iq" +
  "epibJvYkibQw0GsQ4EMQZa6U+1JMcU6+o9f6AQbjJdiZmRd28Z2G7aiwshPedOszQj7Z4n68/3GMf1GGxydPQ8iFhkiLjZKaaoAD" +
  "Ye+5F2gPhH84sFjJ0R7qGfktsSxip8N1Dg4O65yueUXvzqhpmvMAEyJBEFaGoMqHZhEZXwF/MJVkVxS+W28RrLscg2vOC06Gwr2U" +
  "KMbKPAhqv5G8gsABbEpop/KuIQc45E6H3uxzBKPqW0Ltl6/FJE+mwOiPn1kHqAi6xW78ZOD7oUtm+ZxNctxN2kZ11PUKXkNbCgiH" +
  "+nb8R7fIs6OFDN9hjVJ8Pip6YGS0YKddci8vzqP0lNxCgjoY6pZHq/YsonLkBmA6uj+xmv+/ezIOqKHpYY7848plsXT9Wd7MnU21" +
  "krY8QM+YAA==",
} as const;

/** The uncompressed contents of each fixture, rebuilt the way the fixture was made. */
export function lzmaFixtureInput(name: keyof typeof lzmaFixtures): Uint8Array {
  const encoder = new TextEncoder();
  const text = (): Uint8Array => {
    let s = "";
    for (let i = 0; i < 3000; i++) s += `${(i * i) % 1000},${"abcdefghij"[i % 10]!.repeat(i % 7)}\n`;
    return encoder.encode(s);
  };
  const random = (n: number): Uint8Array => {
    const out = new Uint8Array(n);
    let x = 12345;
    for (let i = 0; i < n; i++) {
      x = Number((BigInt(x) * 1103515245n + 12345n) & 0x7fffffffn);
      out[i] = (x >>> 16) & 0xff;
    }
    return out;
  };
  switch (name) {
    case "text":
      return text();
    case "stored":
      return random(300);
    case "twoChunks": {
      const parts: string[] = [];
      for (let i = 0; i < 400000; i++) parts.push(`line ${i % 97}\n`);
      return encoder.encode(parts.join(""));
    }
    case "resetMidStream":
      return new Uint8Array([...random(300), ...text()]);
  }
}
