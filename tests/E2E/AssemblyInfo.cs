// One app instance and one browser serve every test (see ExplorerAppFixture); tests get their own browser contexts,
// closed when each test ends.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
[assembly: AuditExplorer.Tests.E2E.ClosesBrowserContextsAfterEachTest]
