namespace AuditExplorer.DevIdentity.Users;

/// <summary>Registers the seeded user directory.</summary>
public static class DemoUserRegistration
{
    /// <summary>Adds <see cref="DemoUserDirectory"/> over <see cref="DemoUserSeed.All"/>.</summary>
    public static WebApplicationBuilder AddDemoUsers(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(new DemoUserDirectory(DemoUserSeed.All));
        return builder;
    }
}
