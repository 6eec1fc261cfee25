using AuditExplorer.DevIdentity.Html;
using Microsoft.AspNetCore.Antiforgery;

namespace AuditExplorer.DevIdentity.Login;

/// <summary>Renders the sign-in form.</summary>
public static class LoginPage
{
    /// <summary>The form, pre-filled with the username and showing the error (if any) in #login-error.</summary>
    public static IResult Render(HttpContext context, IAntiforgery antiforgery, LoginForm form, int statusCode = StatusCodes.Status200OK)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var error = form.Error is null
            ? string.Empty
            : $"""<p id="login-error" role="alert">{HtmlPage.Encode(form.Error)}</p>""";
        var returnUrl = form.ReturnUrl is null
            ? string.Empty
            : $"""<input type="hidden" name="{LoginSession.ReturnUrlField}" value="{HtmlPage.Encode(form.ReturnUrl)}">""";

        return HtmlPage.Render(
            "Sign in - AuditExplorer development identity provider",
            $"""
            <h1>Sign in to AuditExplorer</h1>
            <p>Development identity provider. <a href="/">Demo users</a></p>
            {error}
            <form method="post" action="{LoginSession.LoginPath}">
            <input type="hidden" name="{HtmlPage.Encode(tokens.FormFieldName)}" value="{HtmlPage.Encode(tokens.RequestToken)}">
            {returnUrl}
            <label for="username">Username</label>
            <input id="username" name="username" type="text" autocomplete="username" value="{HtmlPage.Encode(form.Username)}" autofocus>
            <label for="password">Password</label>
            <input id="password" name="password" type="password" autocomplete="current-password">
            <button type="submit">Sign in</button>
            </form>
            """,
            statusCode);
    }
}
