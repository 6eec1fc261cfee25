namespace AuditExplorer.Tests.Unit;
