using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Nankang.Health.Api.Endpoints;
using Nankang.Health.Api.Exports;
using Nankang.Health.Api.Http;
using Nankang.Health.Api.Slips;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Settlements;
using Nankang.Health.Application.Settlements.Booking;
using Nankang.Health.Persistence.GroupCommit;
using Nankang.Health.Persistence.Sqlite.GroupCommit;
using Nankang.Health.Settlement.Policies;

// Settings are read once, at start. Reloading them on change keeps a recursive file watcher on the content root, which
// wakes on every write of the embedded database beside it (9 % of the server's CPU under load, perf/README.md).
var builder = WebApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);

builder.Services.ConfigureHttpJsonOptions(o => HealthJson.Configure(o.SerializerOptions));
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ChineseMessages.Localize);
builder.Services.AddExceptionHandler<BodyProblemHandler>();

builder.Services.AddHealthStorage(builder.Configuration, builder.Environment);
builder.Services.AddSingleton(PolicySet.Default);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(sp =>
{
    var settings = sp.GetRequiredService<IConfiguration>().GetSection("Settlement");
    return new GroupCommitOptions(settings.GetValue("GroupCommit", true), settings.GetValue("MaxBatch", 256));
});
builder.Services.AddSingleton<SettlementBooker>();
builder.Services.AddGroupCommit();
builder.Services.AddSingleton<SlipPrinter>();
builder.Services.AddHostedService<SqliteCheckpoints>();
builder.Services.AddMediator(o =>
{
    o.ServiceLifetime = ServiceLifetime.Scoped;
    o.Assemblies = [typeof(SettleClaim)];
});

builder.Services.Configure<AuthOptions>(builder.Configuration.GetSection("Auth"));
builder.Services.AddSingleton<ApiKeyRegistry>();
builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
builder.Services.AddAuthorizationBuilder()
    .AddPolicy(Policies.AnyKey, p => p.RequireAuthenticatedUser())
    .AddPolicy(Policies.Bureau, p => p.RequireRole(nameof(CallerRole.Bureau)));
builder.Services.AddConsole();
builder.Services.AddOpenApi(OpenApiSetup.Configure);
builder.Services.AddAbuseLimits(builder.Configuration);
builder.Services.AddObservability(builder.Configuration);
builder.WebHost.ConfigureKestrel(o =>
{
    o.Limits.MaxRequestBodySize = AbuseLimits.MaxRequestBodyBytes;
    o.AddServerHeader = false;
});

var app = builder.Build();

app.UseRequestLog();
app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseConsoleSecurityHeaders();
app.UseStatusCodePages();
app.UseStaticFiles();
app.UseRequestBodyLimit();
app.UseAuthentication();
app.UseRateLimiter();
app.UseRejectedAttemptAudit();
app.UseAuthorization();
app.UseRouteIdCheck();
app.UseFormatCheck();

// The contract and Swagger UI: served in Development, elsewhere only when OpenApi:Enabled says so (and mapped while the
// build generates openapi/, so the document's order of operations is the one served).
if (app.Configuration.GetValue("OpenApi:Enabled", app.Environment.IsDevelopment()) || Storage.IsBuildTimeDocumentGeneration)
{
    app.MapOpenApi();
    app.UseSwaggerUI(o =>
    {
        o.SwaggerEndpoint("/openapi/v1.json", "Nankang.Health v1");
        o.RoutePrefix = "swagger";
    });
}

app.MapMembersApi();
app.MapHospitalsApi();
app.MapAdmissionsApi();
app.MapSettlementsApi();
app.MapAuditApi();
app.MapBureauApi();
app.MapFhirApi();
app.MapRazorPages();
app.MapOperatorEndpoints();

app.ReadKeysAtStart();
await app.MigrateAsync();
await app.RunAsync();

/// <summary>The entry point, visible to the integration tests' <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
