-- The validate-large benchmark's table (the fraud data set's size and shape): ROWS transactions with
-- ids, timestamps, customers, merchants, categories, amounts and a label, deterministic (hashes of
-- the row number), written by DuckDB as CSV and as Parquet. A few planted defects (0.01 % of
-- amounts negative) give the checks something to count.
CREATE TABLE t AS
SELECT
  i + 1 AS transaction_id,
  TIMESTAMP '2024-01-01 00:00:00' + to_seconds((hash(i, 1) % 31536000)::BIGINT) AS "timestamp",
  (hash(i, 2) % 1000000)::BIGINT + 1 AS customer_id,
  'M' || lpad(((hash(i, 3) % 100000)::BIGINT)::VARCHAR, 5, '0') AS merchant,
  (['grocery', 'fuel', 'travel', 'dining', 'online', 'health', 'electronics', 'clothing'])[(hash(i, 4) % 8)::INTEGER + 1] AS category,
  round(CASE WHEN hash(i, 5) % 10000 = 0 THEN -1 ELSE 1 END * exp(3.5 + ((hash(i, 6) % 1000000)::DOUBLE / 1000000 - 0.5) * 3), 2) AS amount,
  CASE WHEN hash(i, 7) % 1000 < 2 THEN 1 ELSE 0 END AS is_fraud
FROM range(__ROWS__) r(i);
COPY t TO '__CSV__' (HEADER, DELIMITER ',');
COPY t TO '__PARQUET__' (FORMAT parquet, COMPRESSION zstd);
