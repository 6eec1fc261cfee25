using System.Net;
using AuditExplorer.Data.Timelines;
using Microsoft.AspNetCore.WebUtilities;

namespace AuditExplorer.Web.Timelines;

/// <summary>
/// Answers a timeline address that cannot be read with 400 and a page that says what to do, before the app
/// starts rendering: an id or type the log cannot hold, or a cursor that is damaged or belongs to another
/// tenant or filter. Inside the circuit the timeline view refuses the same addresses with the same words.
/// </summary>
internal sealed class TimelineAddressCheckMiddleware(RequestDelegate next, CursorCodec cursors)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (TimelineRoute.Match(context.Request.Path) is { } route)
        {
            var query = QueryHelpers.ParseQuery(context.Request.QueryString.Value).ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
            var address = TimelineAddress.Parse(query, route.BaseFilter);
            var tenantHome = "/t/" + Uri.EscapeDataString(route.Tenant);
            if (address.Rejections.Count > 0)
            {
                await BadRequestAsync(context, "This address is not valid", address.Rejections, tenantHome, "Go to the tenant's latest events");
                return;
            }
            if (address.Cursor is { } cursor)
            {
                try
                {
                    cursors.Decode(cursor, route.Tenant, address.Filter);
                }
                catch (InvalidCursorException ex)
                {
                    var first = context.Request.Path + (address with { Cursor = null }).ToQuery(route.BaseFilter);
                    await BadRequestAsync(context, "This page link is not valid", [ex.Message], first, "Go to the first page");
                    return;
                }
            }
        }
        await next(context);
    }

    private static async Task BadRequestAsync(HttpContext context, string title, IEnumerable<string> reasons, string link, string linkText)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "text/html; charset=utf-8";
        var items = string.Concat(reasons.Select(r => "<p>" + WebUtility.HtmlEncode(r) + "</p>"));
        await context.Response.WriteAsync(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + " · AuditExplorer</title></head>" +
            "<body style=\"font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto\"><main><h1>" + title + "</h1>" + items +
            "<p><a href=\"" + WebUtility.HtmlEncode(link) + "\">" + linkText + "</a></p></main></body></html>");
    }
}
