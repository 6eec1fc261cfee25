using System.Text;
using AuditExplorer.DevIdentity.Clients;
using AuditExplorer.DevIdentity.Html;
using AuditExplorer.DevIdentity.Users;

namespace AuditExplorer.DevIdentity.Home;

/// <summary>The home page: who can sign in, with which roles and tenants.</summary>
public static class DemoUserListPage
{
    /// <summary>Renders the table of demo users.</summary>
    public static IResult Render(DemoUserDirectory users)
    {
        var rows = new StringBuilder();
        foreach (var user in users.All)
        {
            rows.Append("<tr>")
                .Append("<td>").Append(HtmlPage.Encode(user.Username)).Append("</td>")
                .Append("<td>").Append(HtmlPage.Encode(user.Password)).Append("</td>")
                .Append("<td>").Append(HtmlPage.Encode(user.DisplayName)).Append("</td>")
                .Append("<td>").Append(HtmlPage.Encode(ListOrNone(user.Roles))).Append("</td>")
                .Append("<td>").Append(HtmlPage.Encode(ListOrNone(user.Tenants))).Append("</td>")
                .Append("</tr>\n");
        }

        return HtmlPage.Render(
            "AuditExplorer development identity provider",
            $"""
            <h1>AuditExplorer development identity provider</h1>
            <p>For local runs and end-to-end tests only. Client <code>{HtmlPage.Encode(WebClient.ClientId)}</code>;
            discovery at <a href="/.well-known/openid-configuration">/.well-known/openid-configuration</a>.</p>
            <table>
            <caption>Demo users</caption>
            <thead><tr><th scope="col">Username</th><th scope="col">Password</th><th scope="col">Name</th><th scope="col">Roles</th><th scope="col">Tenants</th></tr></thead>
            <tbody>
            {rows}</tbody>
            </table>
            """);
    }

    private static string ListOrNone(IReadOnlyList<string> values) =>
        values.Count == 0 ? "(none)" : string.Join(", ", values);
}
