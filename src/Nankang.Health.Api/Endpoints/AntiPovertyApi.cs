using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Nankang.Health.Api.Exports;
using Nankang.Health.Api.Http;
using Nankang.Health.Application.AntiPoverty;

namespace Nankang.Health.Api.Endpoints;

/// <summary>Anti-poverty insurance for marginal households (防贫保, bureau only): the warning list, reviews and runs.</summary>
public static class AntiPovertyApi
{
    public static IEndpointRouteBuilder MapAntiPovertyApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/anti-poverty").WithTags("AntiPoverty").RequireAuthorization(Policies.Bureau);
        group.MapGet("/warnings", Warnings).WithName("GetAntiPovertyWarnings")
            .WithSummary("The warning list of a year (防贫预警名单): covered members whose self-pay is above the warning line")
            .WithDescription("Bureau only. `year` is required. Each member-year with its self-pay S, the payout P(S) it would get now, " +
                "the latest review and what is already booked; national IDs masked. `sort`: `-selfPay` (default, largest first) or `selfPay`. " +
                "`format=csv` (UTF-8 with BOM) or `format=xlsx`: one row per member (docs/exports.md). 422 when no policy covers the year.")
            .Values("sort", [.. GetAntiPovertyWarningsHandler.Sorts])
            .WithSpreadsheets<AntiPovertyWarningsView>().ProducesErrors(400, 422);
        group.MapPut("/reviews/{memberId}/{year:int}", Review).WithName("ReviewAntiPoverty")
            .WithSummary("Record the poverty office's decision on a member-year (Approved or Rejected, with a reason)")
            .WithDescription("Bureau only. Appended, never replaced: the latest decision stands and the next run books by it; audited. " +
                "404 for an unknown member.")
            .Answers(201).ProducesErrors(404);
        group.MapPost("/runs", Run).WithName("RunAntiPovertyInsurance")
            .WithSummary("Book the year's anti-poverty insurance: P(S) of each approved member-year less what is booked")
            .WithDescription("Bureau only. A rejected member-year is owed nothing, so what was paid is recovered; a lower S recovers " +
                "the difference. A re-run with nothing changed books nothing. Fund `local:anti-poverty-insurance`, payee households. " +
                "422 when no policy covers the year.")
            .ProducesErrors(422);
        return routes;
    }

    public static async Task<Results<Ok<AntiPovertyWarningsView>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> Warnings(
        int year, IMediator mediator, CancellationToken ct, string? sort = null, string? format = null) =>
        (await mediator.Send(new GetAntiPovertyWarnings(year, sort), ct)).ToHttp(format, ExportTables.AntiPovertyWarnings, $"anti-poverty-warnings-{year}");

    public static async Task<Results<Ok<AntiPovertyReviewView>, Created<AntiPovertyReviewView>, ValidationProblem, ProblemHttpResult>> Review(
        string memberId, int year, AntiPovertyReviewBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ReviewAntiPoverty(http.Caller(), memberId, year, body), ct)).ToHttp($"/api/v1/anti-poverty/warnings?year={year}");

    public static async Task<Results<Ok<AntiPovertyRunView>, Created<AntiPovertyRunView>, ValidationProblem, ProblemHttpResult>> Run(
        AntiPovertyRunBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new RunAntiPovertyInsurance(http.Caller(), body), ct)).ToHttp();
}
