namespace AuditExplorer.Data.AsOf;

/// <summary>A record's state at a moment, replayed from its events.</summary>
/// <param name="Existence">Not yet created, existing or deleted.</param>
/// <param name="Json">The state as compact JSON when the record existed; otherwise null.</param>
/// <param name="ProducedBy">Id of the last event at or before the moment that changed the state; null if none.</param>
/// <param name="ProducedAt">When that event happened.</param>
/// <param name="IsPartial">True when updates were replayed without a preceding create (e.g. history older than
/// retention), so fields never touched by those updates are missing.</param>
public sealed record ReconstructedState(
    RecordExistence Existence, string? Json, Guid? ProducedBy, DateTimeOffset? ProducedAt, bool IsPartial);
