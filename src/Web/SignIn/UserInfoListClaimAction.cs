using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OAuth.Claims;

namespace AuditExplorer.Web.SignIn;

/// <summary>
/// Copies one userinfo member into claims of the same name: one claim per array element, skipping
/// values the ID token already gave, so roles or tenants only the userinfo endpoint returns are read.
/// </summary>
internal sealed class UserInfoListClaimAction(string claimType) : ClaimAction(claimType, ClaimValueTypes.String)
{
    public override void Run(JsonElement userData, ClaimsIdentity identity, string issuer)
    {
        if (!userData.TryGetProperty(ClaimType, out var member)) return;
        var values = member.ValueKind == JsonValueKind.Array
            ? member.EnumerateArray().Select(Text)
            : [Text(member)];
        foreach (var value in values)
        {
            if (string.IsNullOrEmpty(value) || identity.HasClaim(ClaimType, value)) continue;
            identity.AddClaim(new Claim(ClaimType, value, ValueType, issuer));
        }
    }

    // Objects and nulls carry no role or tenant id.
    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };
}
