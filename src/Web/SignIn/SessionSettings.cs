using AuditExplorer.Data.Sessions;

namespace AuditExplorer.Web.SignIn;

/// <summary>How long a sign-in lasts (configuration section "Sessions").</summary>
public sealed class SessionSettings
{
    /// <summary>A session unused for this long is refused (default 30 minutes).</summary>
    public TimeSpan IdleTimeout { get; set; } = SessionLifetimes.Default.Idle;

    /// <summary>A session older than this is refused however busy it is (default 8 hours).</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = SessionLifetimes.Default.Absolute;

    /// <summary>How often an open page (a Blazor circuit) checks that its session still lives; a signed-out or expired one ends the page.</summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often expired rows are deleted from web.sessions.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The lifetimes the store enforces; throws on nonsense such as an idle timeout longer than the absolute lifetime.</summary>
    public SessionLifetimes Lifetimes() => new SessionLifetimes(IdleTimeout, AbsoluteLifetime).Validated();
}
