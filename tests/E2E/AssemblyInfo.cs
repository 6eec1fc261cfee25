// One app instance and one browser serve every test (see ExplorerAppFixture); tests get their own browser contexts.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
