// Every integration test shares one PostgreSQL database per run (see PostgresFixture).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
