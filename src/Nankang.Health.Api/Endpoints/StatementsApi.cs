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
        group.MapGet("/{month}", GetStatement).WithName("GetStatement").RequireAuthorization(Policies.Bureau)
            .WithSummary("The month's statement for every payee (bureau only); `format=csv` or `xlsx` for a spreadsheet")
            .WithDescription(
                "Months are cut in China Standard Time (UTC+08:00). Per payee (hospital, or `households` for the allowances) and payment line: " +
                "settlements, reversals and adjustments booked in the month (count, amount) and the net owed. A closed month is read from its frozen " +
                "rows (identical bytes on every read). `format=csv` (UTF-8 with BOM) or `format=xlsx`: one row per payee and line, then a " +
                "合计 row per line, Chinese headers, amounts in yuan with two decimals (docs/exports.md).")
            .WithSpreadsheets<StatementView>().ProducesErrors(400);
        group.MapGet("/{month}/hospitals/{hospitalId}", GetHospitalStatement).WithName("GetHospitalStatement").RequireAuthorization(Policies.AnyKey)
            .WithSummary("One hospital's part of the month's statement; `format=csv` or `xlsx` for a spreadsheet")
            .WithDescription("The bureau reads any hospital's; a hospital key its own only (another hospital's → 404). The spreadsheet as for the whole statement.")
            .WithSpreadsheets<StatementView>().ProducesErrors(400, 404);
        group.MapPost("/{month}/close", Close).WithName("CloseMonth").RequireAuthorization(Policies.Bureau)
            .WithSummary("Close an ended month: freeze its statement (bureau only)")
            .WithDescription("409 when the month has not ended yet (China Standard Time) or is already closed. Entries booked later land in the month they are booked in.")
            .ProducesErrors(400, 409);
        return routes;
    }

    public static async Task<Results<Ok<StatementView>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> GetStatement(
        string month, HttpContext http, IMediator mediator, CancellationToken ct, string? format = null) =>
        (await mediator.Send(new GetStatement(http.Caller(), month, null), ct)).ToHttp(format, ExportTables.Statement, $"statement-{month}");

    public static async Task<Results<Ok<StatementView>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> GetHospitalStatement(
        string month, string hospitalId, HttpContext http, IMediator mediator, CancellationToken ct, string? format = null) =>
        (await mediator.Send(new GetStatement(http.Caller(), month, hospitalId), ct)).ToHttp(format, ExportTables.Statement, $"statement-{month}-{hospitalId}");

    public static async Task<Results<Ok<StatementView>, Created<StatementView>, ValidationProblem, ProblemHttpResult>> Close(
        string month, HttpContext http, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new CloseMonth(http.Caller(), month), ct)).ToHttp();
}
