// A list query that names something that does not exist or does not parse (the API answers 400).
export class QueryError extends Error {}
