using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Nankang.Health.Api.Exports;
using Nankang.Health.Api.Http;
using Nankang.Health.Application.Reconciliations;

namespace Nankang.Health.Api.Endpoints;

/// <summary>Monthly reconciliation of a hospital's books with the engine (对总账/对明细账).</summary>
public static class ReconciliationsApi
{
    public static IEndpointRouteBuilder MapReconciliationsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/reconciliations").WithTags("Reconciliations").RequireAuthorization(Policies.AnyKey);
        group.MapPost("/", Submit).WithName("Reconcile")
            .WithSummary("Reconcile a hospital's month: totals per payment line and, optionally, the detail as CSV")
            .WithDescription(
                "A hospital key submits its own hospital's month only (403 otherwise). `detailCsv`: header `visitNo,settlementId,totalCost," +
                "basicInsurance,seriousIllnessInsurance,supplementaryInsurance,medicalAssistance,specialReliefTopUp,specialReliefHighCost,patientPays`, " +
                "one line per movement of a settlement in the month. A malformed CSV → 400 naming line and column; nothing is stored. " +
                "The answer (201) is stored and can be read again.")
            .Answers(201).ProducesErrors(403);
        group.MapGet("/{reconciliationId}", Get).WithName("GetReconciliation")
            .WithSummary("Read a stored reconciliation (a hospital: its own only, 404 otherwise)")
            .WithDescription("The answer as it was given when submitted: totals compared per payment line and the detail's differences. " +
                "`format=csv` (UTF-8 with BOM) or `format=xlsx`: the findings, one row per fund line's totals, per amount of a settlement " +
                "missing on one side and per differing field (docs/exports.md).")
            .WithSpreadsheets<ReconciliationView>().ProducesErrors(404);
        group.MapGet("/", List).WithName("ListReconciliations")
            .WithSummary("List stored reconciliations, newest first (at most 500), by hospital and month")
            .WithDescription("A hospital key lists its own; asking for another hospital's → 403.")
            .ProducesErrors(400, 403);
        return routes;
    }

    public static async Task<Results<Ok<ReconciliationView>, Created<ReconciliationView>, ValidationProblem, ProblemHttpResult>> Submit(
        ReconciliationBody body, HttpContext http, IMediator mediator, CancellationToken ct)
    {
        var result = await mediator.Send(new Reconcile(http.Caller(), body), ct);
        return result.ToHttp(result.Value is { } v ? $"/api/v1/reconciliations/{v.ReconciliationId}" : null);
    }

    public static async Task<Results<Ok<ReconciliationView>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> Get(
        string reconciliationId, HttpContext http, IMediator mediator, CancellationToken ct, string? format = null) =>
        (await mediator.Send(new GetReconciliation(http.Caller(), reconciliationId), ct)).ToHttp(format, ExportTables.ReconciliationFindings, $"reconciliation-{reconciliationId}");

    public static async Task<Results<Ok<IReadOnlyList<ReconciliationSummary>>, Created<IReadOnlyList<ReconciliationSummary>>, ValidationProblem, ProblemHttpResult>> List(
        HttpContext http, IMediator mediator, CancellationToken ct, string? hospitalId = null, string? month = null) =>
        (await mediator.Send(new ListReconciliations(http.Caller(), hospitalId, month), ct)).ToHttp();
}
