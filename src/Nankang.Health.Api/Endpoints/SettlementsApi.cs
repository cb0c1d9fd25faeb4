using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Nankang.Health.Api.Http;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Settlements;

namespace Nankang.Health.Api.Endpoints;

/// <summary>Discharge settlement: preview, settle (idempotent), void with re-adjudication, read and list.</summary>
public static class SettlementsApi
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapSettlementsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/settlements").WithTags("Settlements").RequireAuthorization(Policies.AnyKey);
        group.MapPost("/", Settle).WithName("Settle").Audited("settlement.create")
            .WithSummary("Book the one-stop settlement of a discharge")
            .WithDescription(
                "Header `Idempotency-Key` required (400 without). 201 the first time; 200 with the identical body when the same key comes " +
                "again with the same body; 409 when the key comes with another body, or when the visit already has an active settlement " +
                "(`existingSettlementId` in the problem). 422 when no policy covers the discharge date. A visit without an admission " +
                "needs `nationalId` from the patient's ID card (400 on `nationalId` when missing or not the member's, audited).")
            .Answers(201, 200).ProducesErrors(403, 409, 422, 503);
        group.MapPost("/preview", Preview).WithName("PreviewSettlement").Audited("settlement.preview")
            .WithSummary("Compute a settlement as if booked now; stores nothing")
            .WithDescription(
                "The same checks and arithmetic as settle, against the member's accumulators as they stand; nothing is written and no " +
                "`Idempotency-Key` is needed. A hospital previews only for a member it has admitted or settled (404 otherwise, as for " +
                "accumulators); a visit without an admission needs `nationalId` from the patient's ID card (400 on `nationalId` when " +
                "missing or not the member's). 409 when the visit already has an active settlement; 422 when no policy covers the discharge date.")
            .ProducesErrors(403, 404, 409, 422, 503);
        group.MapPost("/{settlementId}/void", Void).WithName("VoidSettlement").Audited("settlement.void")
            .WithSummary("Void a settlement; later settlements of the member-year are re-settled and adjusted")
            .WithDescription(
                "Appends the reversal and one adjustment per later settlement whose amounts change. Voiding again → 409. A hospital's " +
                "answer lists only adjustments to its own settlements; the bureau's lists all.")
            .ProducesErrors(404, 409, 503);
        group.MapGet("/{settlementId}", Get).WithName("GetSettlement")
            .WithSummary("Read a settlement with its adjustments and net amounts")
            .WithDescription("Payment lines with their explanations, the adjustments later voids caused, and the net per line. A hospital key reads its own hospital's only (404 otherwise).")
            .ProducesErrors(400, 404);
        group.MapGet("/", List).WithName("ListSettlements")
            .WithSummary("List settlements in booking order (pages from 1, at most 500 a page)")
            .WithDescription("`from`/`to` filter the discharge date. A hospital key lists its own; asking for another hospital's → 403.")
            .ProducesErrors(400, 403);
        return routes;
    }

    public static async Task<Results<Ok<SettlementView>, Created<SettlementView>, ValidationProblem, ProblemHttpResult>> Settle(
        ClaimBody body, [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey, HttpContext http, IMediator mediator, CancellationToken ct)
    {
        // Two headers would bind joined ("a,b"), a key the caller never chose.
        if (http.Request.Headers[IdempotencyHeader].Count > 1)
        {
            return ((Result<SettlementView>)Problem.Validation(IdempotencyHeader, "send the header once.")).ToHttp();
        }

        var result = await mediator.Send(new SettleClaim(http.Caller(), idempotencyKey, body), ct);
        return result.ToHttp(result.Value is { SettlementId: { } id } ? $"/api/v1/settlements/{id}" : null);
    }

    public static async Task<Results<Ok<SettlementView>, Created<SettlementView>, ValidationProblem, ProblemHttpResult>> Preview(
        ClaimBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new PreviewSettlement(http.Caller(), body), ct)).ToHttp();

    public static async Task<Results<Ok<VoidView>, Created<VoidView>, ValidationProblem, ProblemHttpResult>> Void(
        string settlementId, VoidBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new VoidSettlement(http.Caller(), settlementId, body), ct)).ToHttp();

    public static async Task<Results<Ok<SettlementView>, Created<SettlementView>, ValidationProblem, ProblemHttpResult>> Get(
        string settlementId, HttpContext http, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetSettlement(http.Caller(), settlementId), ct)).ToHttp();

    public static async Task<Results<Ok<SettlementPage>, Created<SettlementPage>, ValidationProblem, ProblemHttpResult>> List(
        HttpContext http, IMediator mediator, CancellationToken ct,
        string? hospitalId = null, string? memberId = null, DateOnly? from = null, DateOnly? to = null, int? page = null, int? pageSize = null) =>
        (await mediator.Send(new ListSettlements(http.Caller(), hospitalId, memberId, from, to, page, pageSize), ct)).ToHttp();
}
