namespace AuditExplorer.Data.Streams;

/// <summary>What an audit admin asks for when creating a stream.</summary>
/// <param name="Settings">The destination's settings as a JSON object, checked by the kind's factory.</param>
/// <param name="Filter">A timeline address query (<c>?type=contract&amp;access=1</c>), or empty for every event.</param>
public sealed record NewStream(string Name, string Kind, string Settings, string Filter, string Format, string Privacy, StreamStart Start);
