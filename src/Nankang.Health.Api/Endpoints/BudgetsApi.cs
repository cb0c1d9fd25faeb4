using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Nankang.Health.Api.Exports;
using Nankang.Health.Api.Http;
using Nankang.Health.Application.Budgets;

namespace Nankang.Health.Api.Endpoints;

/// <summary>Annual fund budgets with spending, commitments and the year-end projection (bureau only).</summary>
public static class BudgetsApi
{
    public static IEndpointRouteBuilder MapBudgetsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/budgets").WithTags("Budgets").RequireAuthorization(Policies.Bureau);
        group.MapGet("/{year:int}", Get).WithName("GetBudgets")
            .WithSummary("Budget, spent, committed, remaining and year-end projection per fund; flags a projected overrun")
            .WithDescription("Bureau only. Spent is what the funds paid in the year (net of voids); the projection extends the pace so far to the year's end. " +
                "`format=csv` (UTF-8 with BOM) or `format=xlsx`: one row per fund (docs/exports.md).")
            .WithSpreadsheets<BudgetsView>().ProducesErrors(400);
        group.MapPut("/{year:int}/{fund}", Put).WithName("PutBudget")
            .WithSummary("Set a fund's annual budget (201 new, 200 replaced)")
            .WithDescription("`fund`: basicInsurance, seriousIllnessInsurance, supplementaryInsurance, medicalAssistance, specialRelief, childRehabilitation, antiPovertyInsurance (404 otherwise).")
            .Answers(201, 200).Values("fund", [.. BudgetFund.All.Select(f => f.Key)]).ProducesErrors(404, 409);
        return routes;
    }

    public static async Task<Results<Ok<BudgetsView>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> Get(
        int year, IMediator mediator, CancellationToken ct, string? format = null) =>
        (await mediator.Send(new GetBudgets(year), ct)).ToHttp(format, ExportTables.Budgets, $"budgets-{year}");

    public static async Task<Results<Ok<BudgetView>, Created<BudgetView>, ValidationProblem, ProblemHttpResult>> Put(
        int year, string fund, BudgetBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new PutBudget(http.Caller(), year, fund, body), ct)).ToHttp($"/api/v1/budgets/{year}");
}
