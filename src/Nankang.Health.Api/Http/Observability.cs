using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Nankang.Health.Application.Settlements;
using Nankang.Health.Application.Users;
using Nankang.Health.Persistence;
using Nankang.Health.Persistence.GroupCommit;
using OpenTelemetry.Metrics;

namespace Nankang.Health.Api.Http;

/// <summary>
/// What operators see (docs/operations.md, "What operators see"): <c>/health/live</c> and <c>/health/ready</c>, metrics
/// through OpenTelemetry with a Prometheus scrape endpoint when <c>Metrics:Prometheus:Enabled</c>, and one log line per
/// request. None of them is part of the API's contract (they are left out of the OpenAPI document).
/// </summary>
public static class Observability
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    private const string Ready = "ready";

    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseReadyCheck>("database", tags: [Ready], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<WriterReadyCheck>("settlement-writer", tags: [Ready]);
        if (configuration.GetValue("Metrics:Prometheus:Enabled", false))
        {
            // The group commit's instruments (WriterMetrics) are subscribed to by the meter's name.
            services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(WriterMetrics.MeterName)
                .AddPrometheusExporter());
        }

        return services;
    }

    /// <summary>
    /// The probes, unauthenticated and not rate-limited, answering a status with an empty body (what failed is logged,
    /// not shown); and the scrape endpoint at <c>Metrics:Prometheus:Path</c> (default <c>/metrics</c>), reachable only
    /// through <c>Metrics:Prometheus:Port</c> when that is set (a port the service must also listen on, kept off the public one).
    /// </summary>
    public static void MapOperatorEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = (context, _) => NoBody(context) })
            .DisableRateLimiting().ExcludeFromDescription();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = LogUnready })
            .DisableRateLimiting().ExcludeFromDescription();

        var prometheus = app.Configuration.GetSection("Metrics:Prometheus");
        if (prometheus.GetValue("Enabled", false))
        {
            var scrape = app.MapPrometheusScrapingEndpoint(prometheus["Path"] is { Length: > 0 } path ? path : "/metrics")
                .DisableRateLimiting().ExcludeFromDescription();
            if (prometheus.GetValue<int?>("Port") is { } port)
            {
                scrape.RequireHost($"*:{port}");
            }
        }
    }

    /// <summary>A probe's answer is its status alone: the status-code pages would give a 503 a problem body.</summary>
    private static Task NoBody(HttpContext context)
    {
        if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }

        return Task.CompletedTask;
    }

    private static Task LogUnready(HttpContext context, HealthReport report)
    {
        foreach (var (name, entry) in report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy))
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Observability).FullName!)
                .LogWarning("Not ready: {Check} {Status}: {Description}", name, entry.Status, entry.Description ?? entry.Exception?.Message);
        }

        return NoBody(context);
    }

    /// <summary>Logs every request once it is answered (<see cref="RequestLog"/>); first in the pipeline, so it sees the final status.</summary>
    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app)
    {
        var log = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(RequestLog.Category);
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();

            // Routing has run (WebApplication puts it first); the exception handler clears the endpoint, so it is taken now.
            var endpoint = context.GetEndpoint();
            try
            {
                await next(context);
            }
            finally
            {
                RequestLog.Write(log, context, context.GetEndpoint() ?? endpoint, Stopwatch.GetElapsedTime(started));
            }
        });
    }
}

/// <summary>
/// One line per request: method, route template (never the path with its values, never the query or the body), status,
/// duration, the caller's key id and the trace id that a problem answer carries. Category <c>Nankang.Health.Requests</c>.
/// </summary>
public static partial class RequestLog
{
    public const string Category = "Nankang.Health.Requests";

    public static void Write(ILogger log, HttpContext context, Endpoint? endpoint, TimeSpan duration)
    {
        if (!log.IsEnabled(LogLevel.Information))
        {
            return;
        }

        // A group's "/" leaves a trailing slash in the template: trimmed, so the line names the route as the API documents it.
        var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText is { } template ? (template.Length > 1 ? template.TrimEnd('/') : template) : "-";
        var keyId = context.User.FindFirstValue("key_id") ?? (context.User.Identity is { IsAuthenticated: true, Name: { } user } ? ConsoleUsers.KeyIdOf(user) : "-");
        Answered(log, context.Request.Method, route, context.Response.StatusCode, Math.Round(duration.TotalMilliseconds, 1), keyId,
            Activity.Current?.Id ?? context.TraceIdentifier);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Route} {Status} {DurationMs} ms key {KeyId} trace {TraceId}")]
    private static partial void Answered(ILogger log, string method, string route, int status, double durationMs, string keyId, string traceId);
}

/// <summary>Ready when the database answers and every migration of this build is applied; a missing SQLite file is not made.</summary>
public sealed class DatabaseReadyCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HealthDbContext>();
        if (db.Database.IsSqlite()
            && new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource is { Length: > 0 } file
            && file != ":memory:" && !File.Exists(file))
        {
            return HealthCheckResult.Unhealthy("The SQLite database file is missing.");
        }

        if (!await db.Database.CanConnectAsync(cancellationToken))
        {
            return HealthCheckResult.Unhealthy("The database is unreachable.");
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        return pending.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"The database is not migrated: {pending.Count} migrations pending (first {pending[0]}).");
    }
}

/// <summary>
/// Ready when the host has started and is not stopping. The settlement writer exposes no state of its own; it is resolved
/// here (so it can be built) and its loop starts with the first settlement.
/// </summary>
public sealed class WriterReadyCheck(IHostApplicationLifetime lifetime, GroupCommitWriter writer) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(writer is not null && lifetime.ApplicationStarted.IsCancellationRequested && !lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The service is starting or stopping."));
}
