/*
 * The C floor for `npm run bench:aggregation`: the same weighted FedAvg sum the
 * TypeScript threads backend computes, over the same arrays, with plain C
 * loops on N pthreads. Compiled with `cc -O3 -pthread` at bench time.
 *
 *   fedavg-floor <data file> <K> <N> <threads> <reps> <f64|f32> <streaming|blocked>
 *
 * The data file holds the base (N float32) then K deltas (K x N float32), host
 * order. Weights are k+1, as in the bench. Each rep zeroes the sum, adds the K
 * deltas, then writes out = base + sum / W.
 *   streaming: one delta at a time over the whole range (what a server that
 *              receives updates one by one must do; same as the TS backend);
 *   blocked:   all K deltas per cache-sized block (needs all K in memory, so not
 *              available to a streaming aggregator; the pure bandwidth floor).
 * Prints one JSON line: {"medianMs":..,"bestMs":..,"checksum":..}.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long K, N;
static int use_f64, blocked;
static float *base_, *deltas, *out;
static double *acc64;
static float *acc32;
static double inv_w;

typedef struct { long start, end; } range_t;

static void *work(void *arg) {
  range_t *r = (range_t *)arg;
  long s = r->start, e = r->end;
  if (use_f64) memset(acc64 + s, 0, (e - s) * sizeof(double));
  else memset(acc32 + s, 0, (e - s) * sizeof(float));
  if (blocked) {
    for (long b = s; b < e; b += 2048) {
      long be = b + 2048 < e ? b + 2048 : e;
      for (long k = 0; k < K; k++) {
        const float *x = deltas + k * N;
        const double w = (double)(k + 1);
        if (use_f64) for (long i = b; i < be; i++) acc64[i] += w * x[i];
        else for (long i = b; i < be; i++) acc32[i] += (float)w * x[i];
      }
    }
  } else {
    for (long k = 0; k < K; k++) {
      const float *x = deltas + k * N;
      const double w = (double)(k + 1);
      if (use_f64) for (long i = s; i < e; i++) acc64[i] += w * x[i];
      else for (long i = s; i < e; i++) acc32[i] += (float)w * x[i];
    }
  }
  if (use_f64) for (long i = s; i < e; i++) out[i] = (float)(base_[i] + inv_w * acc64[i]);
  else for (long i = s; i < e; i++) out[i] = (float)(base_[i] + inv_w * acc32[i]);
  return NULL;
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc != 8) {
    fprintf(stderr, "usage: %s file K N threads reps f64|f32 streaming|blocked\n", argv[0]);
    return 2;
  }
  K = atol(argv[2]);
  N = atol(argv[3]);
  int threads = atoi(argv[4]), reps = atoi(argv[5]);
  use_f64 = strcmp(argv[6], "f64") == 0;
  blocked = strcmp(argv[7], "blocked") == 0;
  FILE *f = fopen(argv[1], "rb");
  if (!f) { perror("open"); return 1; }
  base_ = malloc(N * sizeof(float));
  deltas = malloc((size_t)K * N * sizeof(float));
  out = malloc(N * sizeof(float));
  if (use_f64) acc64 = malloc(N * sizeof(double)); else acc32 = malloc(N * sizeof(float));
  if (fread(base_, sizeof(float), N, f) != (size_t)N || fread(deltas, sizeof(float), (size_t)K * N, f) != (size_t)(K * N)) {
    fprintf(stderr, "short read\n");
    return 1;
  }
  fclose(f);
  inv_w = 1.0 / ((double)K * (K + 1) / 2);
  double *times = malloc(reps * sizeof(double));
  pthread_t tid[64];
  range_t ranges[64];
  for (int r = -1; r < reps; r++) { /* r = -1 warms up caches and pages */
    double t0 = now_ms();
    for (int t = 0; t < threads; t++) {
      ranges[t].start = N * t / threads / 16 * 16;
      ranges[t].end = t == threads - 1 ? N : N * (t + 1) / threads / 16 * 16;
      pthread_create(&tid[t], NULL, work, &ranges[t]);
    }
    for (int t = 0; t < threads; t++) pthread_join(tid[t], NULL);
    if (r >= 0) times[r] = now_ms() - t0;
  }
  double checksum = 0;
  for (long i = 0; i < N; i++) checksum += out[i];
  qsort(times, reps, sizeof(double), cmp);
  printf("{\"medianMs\":%.3f,\"bestMs\":%.3f,\"checksum\":%.6f}\n", times[reps / 2], times[0], checksum);
  return 0;
}
