/** The label of a candidate pair that holds no relation. */
export const NONE_LABEL = "None";
