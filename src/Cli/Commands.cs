namespace AuditExplorer.Cli;

/// <summary>Every verb, in the order <c>auditexplorer help</c> lists them.</summary>
internal static class Commands
{
    public static readonly ICliCommand[] All =
    [
        new MigrateCommand(),
        new SeedDemoCommand(),
        new SealCommand(),
        new CheckpointCommand(),
        new VerifyChainCommand(),
        new AcknowledgeLossCommand(),
        new ExportCommand(),
        new VerifyPackageCommand(),
        new EraseCommand(),
        new PublicKeyCommand(),
        new ExportKeyCommand(),
        new MonitorTokenCommand(),
        new MonitorCommand(),
        new WitnessCommand(),
        new MaintainCommand(),
        new RetentionCommand(),
    ];
}
