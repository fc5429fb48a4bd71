/**
 * An S3-compatible HTTP API over the R2 buckets of a state directory: path-style addressing, AWS Signature
 * Version 4 (header and presigned query authentication, unsigned and streaming payloads), S3-shaped XML
 * errors. Started by {@code kiln dev --s3-port PORT}; access keys come from {@code kiln r2 credentials}.
 */
package dev.kiln.s3;
