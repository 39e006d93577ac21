/**
 * The `training_data` / `testing_data` tibbles of the R package modeldata
 * (object group `small_fine_foods`: Amazon fine-food reviews with columns
 * product, review, score ∈ {great, other}) as labeled texts.
 */
import { DatasetError, DatasetErrorCode } from "./dataset-error.js";
import type { LabeledText } from "./labeled-text.js";
import { requireColumn, type DataFrame } from "./r-data-frame.js";

/**
 * One labeled text per row: text = review, label = score.
 * @throws DatasetError NOT_FOUND/BAD_DATA for a missing column; BAD_DATA for a row
 *   with a missing review or score
 */
export function labeledTextsFromDataFrame(frame: DataFrame): LabeledText[] {
  const review = requireColumn(frame, "review", "character").values;
  const score = requireColumn(frame, "score", "factor", "character").values;
  return review.map((text, i) => {
    const label = score[i];
    if (text == null || label == null) throw new DatasetError(DatasetErrorCode.BadData, `fine-food review row ${i + 1} has no review or score`);
    return { text, label };
  });
}
