// Placeholder replaced by the infra work: checks that Kafka, Redis, PostgreSQL and S3 answer.
export default async function requireInfra(): Promise<void> {}
