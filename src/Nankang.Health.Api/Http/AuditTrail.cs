using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Persistence;

namespace Nankang.Health.Api.Http;

/// <summary>Marks an endpoint whose attempts are audited; <see cref="Action"/> names the rows of its rejected attempts.</summary>
public sealed record AuditedAction(string Action);

/// <summary>
/// The audit trail outside the use cases. A use case records its own successful write (or, for eligibility, every outcome)
/// in the same transaction as the write. This middleware adds the attempts that never reached that point or were
/// refused: body that cannot be read (400/413), a role that may not call the route (403), and every other 4xx/5xx of an
/// audited endpoint. Audit rows are not business data: recording a rejected attempt changes no member, hospital,
/// admission or settlement, so "bad input changes nothing" holds for everything a caller can see except the audit log.
/// Callers without a valid key (401) are not recorded, so unauthenticated traffic cannot grow the log.
/// </summary>
public static class AuditTrail
{
    public static TBuilder Audited<TBuilder>(this TBuilder builder, string action)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new AuditedAction(action));

    public static IApplicationBuilder UseRejectedAttemptAudit(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<AuditedAction>() is not { } audited)
        {
            await next(http);
            return;
        }

        try
        {
            await next(http);
        }
        catch (Exception e) when (!http.RequestAborted.IsCancellationRequested && Outages.Classify(e) is null)
        {
            // (An outage is not recorded: the database it would be recorded in is what is out, and trying would wait again.)
            await RecordRejectionAsync(http, audited, e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError);
            throw;
        }

        if (http.Response.StatusCode >= 400)
        {
            await RecordRejectionAsync(http, audited, http.Response.StatusCode);
        }
    });

    private static async Task RecordRejectionAsync(HttpContext http, AuditedAction audited, int status)
    {
        if (http.Items[typeof(Caller)] is not Caller caller || RecordedByUseCase(http))
        {
            return;
        }

        try
        {
            await using var scope = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<IHealthStore>();
            var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var target = $"{http.Request.Method} {http.Request.Path}";
            Audit.Record(store, caller, now, audited.Action, target.Length > 200 ? target[..200] : target, status);
            await store.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or DbUpdateException or InvalidOperationException or TimeoutException)
        {
            // The answer is already on its way; a lost record of a refused attempt must not turn it into a 500.
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AuditTrail))
                .LogError(e, "Could not record a rejected attempt ({Action}, {Status}) of key {KeyId}", audited.Action, status, caller.KeyId);
        }
    }

    /// <summary>True when the use case already committed the audit row of this request.</summary>
    private static bool RecordedByUseCase(HttpContext http) =>
        http.RequestServices.GetService<HealthDbContext>() is { } db
        && db.ChangeTracker.Entries<AuditRow>().Any(e => e.State == EntityState.Unchanged);
}

/// <summary>Refuses, in the application, any update or delete of an audit row: the log is append-only.</summary>
public sealed class AppendOnlyAuditInterceptor : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbContext? context)
    {
        if (context?.ChangeTracker.Entries<AuditRow>().Any(e => e.State is EntityState.Modified or EntityState.Deleted) == true)
        {
            throw new InvalidOperationException("The audit log is append-only: audit rows are never updated or deleted.");
        }
    }
}
