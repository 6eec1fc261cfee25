namespace AuditExplorer.Tests.E2E;
