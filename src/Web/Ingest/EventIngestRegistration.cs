using AuditExplorer.Data.Store;
using Microsoft.OpenApi;
using System.Threading.RateLimiting;
using AuditExplorer.Data.Access;
using AuditExplorer.Data.Ingest;
using AuditExplorer.Web.Hosting;
using Microsoft.AspNetCore.RateLimiting;

namespace AuditExplorer.Web.Ingest;

internal static class EventIngestRegistration
{
    /// <summary>Name of the per-key rate limit of the ingest API.</summary>
    public const string RateLimitPolicy = "ingest-per-key";

    /// <summary>
    /// API keys (always: audit admins manage them) and, when ConnectionStrings:Ingest (the writer role)
    /// is configured, the ingest API itself, rate-limited per key. Without that connection the web app
    /// holds no credential that can append business events, and the API answers 404.
    /// </summary>
    public static void AddEventIngest(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => new ApiKeys(sp.GetRequiredService<AuditedReads>(), sp.DataSource(DatabaseRole.Reader)));
        builder.Services.AddSingleton(sp => new EventReceipts(sp.DataSource(DatabaseRole.Reader)));
        var settings = builder.Configuration.GetSection("Ingest").Get<IngestSettings>() ?? new IngestSettings();
        builder.Services.AddSingleton(settings);
        if (builder.Services.HasDatabaseRole(DatabaseRole.Writer))
            builder.Services.AddSingleton(sp => new EventIngest(sp.DataSource(DatabaseRole.Writer)));

        builder.Services.AddOpenApi(IngestEndpoints.OpenApiDocument, o =>
        {
            o.ShouldInclude = d => d.GroupName == IngestEndpoints.OpenApiDocument;
            o.AddDocumentTransformer((doc, _, _) =>
            {
                doc.Info.Title = "AuditExplorer ingest API";
                doc.Info.Version = "v1";
                doc.Info.Description = "Append audit events from sources that cannot call audit.append_event in their own transaction. See docs/ingest-api.md.";
                doc.Servers?.Clear();
                doc.Components ??= new OpenApiComponents();
                doc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                doc.Components.SecuritySchemes["apiKey"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A tenant's API key, ak_<id>.<secret>, created by an audit admin on the API keys page.",
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, _, _) =>
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("apiKey")] = [] });
                if (operation.OperationId == "AppendEvents")
                {
                    operation.Parameters ??= [];
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = "Idempotency-Key",
                        In = ParameterLocation.Header,
                        Required = true,
                        Description = "1 to 200 characters, new for every new batch; a retry with the same key and body appends nothing again.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 200 },
                    });
                }
                return Task.CompletedTask;
            });
        });
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(RateLimitPolicy, http => RateLimitPartition.GetTokenBucketLimiter(
                // Unparseable credentials share one small bucket: they are refused anyway.
                ApiKeyToken.TryParse(BearerToken.From(http))?.KeyId ?? "(none)",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = settings.Burst,
                    TokensPerPeriod = settings.RequestsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                await Results.Problem($"This API key sent more than {settings.RequestsPerSecond} requests per second; wait a second and retry (same Idempotency-Key).",
                    statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context.HttpContext);
            };
        });
    }
}
