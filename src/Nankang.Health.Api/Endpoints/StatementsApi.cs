using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Nankang.Health.Api.Exports;
using Nankang.Health.Api.Http;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Statements;

namespace Nankang.Health.Api.Endpoints;

/// <summary>Monthly statements of what each fund owes each payee, and month closing (bureau).</summary>
public static class StatementsApi
{
    public static IEndpointRouteBuilder MapStatementsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/statements").WithTags("Statements");
        group.MapGet("/{month}", GetStatement).WithName("GetStatement").RequireAuthorization(Policies.Bureau).WithExportFormats("csv")
            .WithSummary("The month's statement for every payee (bureau only); `format=csv` for CSV")
            .WithDescription(
                "Months are cut in China Standard Time (UTC+08:00). Per payee (hospital, or `households` for the allowances) and payment line: " +
                "settlements, reversals and adjustments booked in the month (count, amount) and the net owed. A closed month is read from its frozen " +
                "rows (identical bytes on every read). `format=csv`: UTF-8 with BOM.")
            .Produces<StatementView>(StatusCodes.Status200OK, "application/json", "text/csv").Values("format", "json", "csv").ProducesErrors(400);
        group.MapGet("/{month}/hospitals/{hospitalId}", GetHospitalStatement).WithName("GetHospitalStatement").RequireAuthorization(Policies.AnyKey).WithExportFormats("csv")
            .WithSummary("One hospital's part of the month's statement; `format=csv` for CSV")
            .WithDescription("The bureau reads any hospital's; a hospital key its own only (another hospital's → 404).")
            .Produces<StatementView>(StatusCodes.Status200OK, "application/json", "text/csv").Values("format", "json", "csv").ProducesErrors(400, 404);
        group.MapPost("/{month}/close", Close).WithName("CloseMonth").RequireAuthorization(Policies.Bureau)
            .WithSummary("Close an ended month: freeze its statement (bureau only)")
            .WithDescription("409 when the month has not ended yet (China Standard Time) or is already closed. Entries booked later land in the month they are booked in.")
            .ProducesErrors(400, 409);
        return routes;
    }

    public static async Task<Results<Ok<StatementView>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> GetStatement(
        string month, HttpContext http, IMediator mediator, CancellationToken ct, string? format = null) =>
        Render(await mediator.Send(new GetStatement(http.Caller(), month, null), ct), format, $"statement-{month}.csv");

    public static async Task<Results<Ok<StatementView>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> GetHospitalStatement(
        string month, string hospitalId, HttpContext http, IMediator mediator, CancellationToken ct, string? format = null) =>
        Render(await mediator.Send(new GetStatement(http.Caller(), month, hospitalId), ct), format, $"statement-{month}-{hospitalId}.csv");

    public static async Task<Results<Ok<StatementView>, Created<StatementView>, ValidationProblem, ProblemHttpResult>> Close(
        string month, HttpContext http, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new CloseMonth(http.Caller(), month), ct)).ToHttp();

    private static Results<Ok<StatementView>, FileContentHttpResult, ValidationProblem, ProblemHttpResult> Render(
        Result<StatementView> result, string? format, string fileName)
    {
        format = FormatCheck.Normalize(format);
        if (format is not (null or FormatCheck.Json or "csv"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["must be one of: json, csv."] });
        }

        if (result.Problem is { } problem)
        {
            return problem.Errors is { } errors ? TypedResults.ValidationProblem(errors, problem.Detail, title: problem.Title) : HttpResults.Problem(problem);
        }

        return format == "csv"
            ? TypedResults.File(MonthStatements.ToCsv(result.Value!), "text/csv; charset=utf-8", fileName)
            : TypedResults.Ok(result.Value);
    }
}
