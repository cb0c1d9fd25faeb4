using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Nankang.Health.Api.Http;
using Nankang.Health.Application.AuditTrail;

namespace Nankang.Health.Api.Endpoints;

/// <summary>The audit log, for the bureau: every write, every eligibility lookup and every refused attempt.</summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/audit", List).WithName("ListAuditEntries").WithTags("Audit").RequireAuthorization(Policies.Bureau)
            .WithSummary("List the audit log in recording order (pages from 1, at most 500 a page)")
            .WithDescription(
                "Bureau only. `from` (inclusive) and `to` (exclusive) are ISO 8601 instants; `keyId` and `action` match exactly. " +
                "Each entry says who (key id, role, hospital), what (action, target), when and the outcome (HTTP status). " +
                "Successful writes and every eligibility lookup are recorded with the write; refused attempts with a valid key too.")
            .ProducesErrors(400);
        return routes;
    }

    public static async Task<Results<Ok<AuditPage>, Created<AuditPage>, ValidationProblem, ProblemHttpResult>> List(
        HttpContext http, IMediator mediator, CancellationToken ct,
        DateTimeOffset? from = null, DateTimeOffset? to = null, string? keyId = null, string? action = null, int? page = null, int? pageSize = null) =>
        (await mediator.Send(new ListAuditEntries(http.Caller(), from, to, keyId, action, page, pageSize), ct)).ToHttp();
}
