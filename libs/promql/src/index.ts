// PromQL parser, type checker and printer (the evaluation engine arrives later). Pure.
