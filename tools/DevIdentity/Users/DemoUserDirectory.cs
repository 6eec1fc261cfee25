using System.Security.Cryptography;
using System.Text;

namespace AuditExplorer.DevIdentity.Users;

/// <summary>Looks up seeded users by subject and checks their credentials.</summary>
public sealed class DemoUserDirectory(IReadOnlyList<DemoUser> users)
{
    /// <summary>Every user, for the home page listing.</summary>
    public IReadOnlyList<DemoUser> All => users;

    /// <summary>The user with this "sub", or null.</summary>
    public DemoUser? FindBySubject(string? subject) =>
        subject is null ? null : users.FirstOrDefault(user => user.Subject == subject);

    /// <summary>The user whose username and password both match, or null.</summary>
    public DemoUser? FindByCredentials(string? username, string? password)
    {
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
        {
            return null;
        }

        var user = users.FirstOrDefault(candidate => string.Equals(candidate.Username, username.Trim(), StringComparison.OrdinalIgnoreCase));
        if (user is null)
        {
            return null;
        }

        // Fixed-time comparison keeps the habit even for demo passwords.
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(user.Password), Encoding.UTF8.GetBytes(password))
            ? user
            : null;
    }
}
