using System.Security.Claims;
using AuditExplorer.DevIdentity.Users;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuditExplorer.DevIdentity.Login;

/// <summary>Maps GET and POST /account/login.</summary>
public static class LoginEndpoints
{
    private const string InvalidCredentials = "Invalid username or password.";
    private const string ExpiredForm = "The sign-in form expired. Please sign in again.";

    /// <summary>Maps the login form and its submission.</summary>
    public static WebApplication MapLoginPages(this WebApplication app)
    {
        app.MapGet(LoginSession.LoginPath, ShowForm);
        app.MapPost(LoginSession.LoginPath, SubmitAsync);
        return app;
    }

    private static IResult ShowForm(HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
        LoginPage.Render(context, antiforgery, new LoginForm(null, LocalReturnUrl.OrNull(returnUrl), null));

    private static async Task<IResult> SubmitAsync(
        HttpContext context,
        IAntiforgery antiforgery,
        DemoUserDirectory users,
        ILoggerFactory loggerFactory)
    {
        if (!context.Request.HasFormContentType)
        {
            return Results.BadRequest("Submit the sign-in form as application/x-www-form-urlencoded.");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var username = form["username"].ToString();
        var returnUrl = LocalReturnUrl.OrNull(form[LoginSession.ReturnUrlField].ToString());

        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return LoginPage.Render(context, antiforgery, new LoginForm(username, returnUrl, ExpiredForm), StatusCodes.Status400BadRequest);
        }

        var user = users.FindByCredentials(username, form["password"].ToString());
        if (user is null)
        {
            loggerFactory.CreateLogger(typeof(LoginEndpoints)).LogInformation("Rejected sign-in for {Username}", username);
            return LoginPage.Render(context, antiforgery, new LoginForm(username, returnUrl, InvalidCredentials));
        }

        var identity = new ClaimsIdentity(LoginSession.Scheme, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, user.Subject));
        identity.AddClaim(new Claim(Claims.Name, user.Username));
        await context.SignInAsync(LoginSession.Scheme, new ClaimsPrincipal(identity));

        return Results.LocalRedirect(returnUrl ?? "/");
    }
}
