using AuditExplorer.Web.Hosting;
using AuditExplorer.Data.Store;
using AuditExplorer.Data.Sessions;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AuditExplorer.Web.SignIn;

internal static class SessionRegistration
{
    /// <summary>
    /// Sessions as rows in the store (revocable, idle and absolute lifetimes) and the data-protection
    /// key ring in the same database, so the instances of one deployment share keys on purpose and
    /// another deployment's cookies are unreadable here.
    /// </summary>
    public static SessionSettings AddServerSessions(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection("Sessions").Get<SessionSettings>() ?? new SessionSettings();
        var protection = builder.Configuration.GetSection("DataProtection").Get<DataProtectionSettings>() ?? new DataProtectionSettings();
        if (string.IsNullOrWhiteSpace(protection.ApplicationName))
            throw new InvalidOperationException("DataProtection:ApplicationName must not be empty (see appsettings.json).");

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(sp => new SessionStore(sp.DataSource(DatabaseRole.Reader), settings.Lifetimes()));
        builder.Services.AddSingleton<ITicketStore, StoredSessionTickets>();
        builder.Services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<ITicketStore>((options, tickets) => options.SessionStore = tickets);
        builder.Services.AddHostedService<ExpiredSessionPurge>();
        // Open pages re-check their session; registered before the Blazor defaults, which only add a provider if none exists.
        builder.Services.AddScoped<AuthenticationStateProvider, SessionRevalidation>();
        builder.Services.AddScoped<CircuitHandler, SessionActivity>();

        builder.Services.AddDbContext<DataProtectionKeyContext>((sp, o) => o.UseNpgsql(sp.DataSource(DatabaseRole.Reader)));
        builder.Services.AddDataProtection()
            .SetApplicationName(protection.ApplicationName)
            .PersistKeysToDbContext<DataProtectionKeyContext>();
        return settings;
    }
}
