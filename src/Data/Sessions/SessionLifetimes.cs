namespace AuditExplorer.Data.Sessions;

/// <summary>How long a session lives: <paramref name="Idle"/> after its last use, never past <paramref name="Absolute"/> after sign-in.</summary>
public sealed record SessionLifetimes(TimeSpan Idle, TimeSpan Absolute)
{
    /// <summary>Thirty minutes idle, eight hours at most: a working day with breaks, signing in again after lunch.</summary>
    public static SessionLifetimes Default { get; } = new(TimeSpan.FromMinutes(30), TimeSpan.FromHours(8));

    /// <summary>Throws when a lifetime is not positive or the idle one exceeds the absolute one.</summary>
    public SessionLifetimes Validated()
    {
        if (Idle <= TimeSpan.Zero || Absolute <= TimeSpan.Zero)
            throw new ArgumentException($"Session lifetimes must be positive (idle {Idle}, absolute {Absolute}).");
        if (Idle > Absolute)
            throw new ArgumentException($"The idle timeout ({Idle}) cannot be longer than the absolute lifetime ({Absolute}).");
        return this;
    }
}
