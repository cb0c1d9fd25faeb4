using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Nankang.Health.Api.Exports;
using Nankang.Health.Api.Fhir;
using Nankang.Health.Api.Http;
using Nankang.Health.Api.Slips;
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
            .Answers(201, 200).ProducesErrors(403, 409, 422);
        group.MapPost("/preview", Preview).WithName("PreviewSettlement").Audited("settlement.preview")
            .WithSummary("Compute a settlement as if booked now; stores nothing")
            .WithDescription(
                "The same checks and arithmetic as settle, against the member's accumulators as they stand; nothing is written and no " +
                "`Idempotency-Key` is needed. A hospital previews only for a member it has admitted or settled (404 otherwise, as for " +
                "accumulators); a visit without an admission needs `nationalId` from the patient's ID card (400 on `nationalId` when " +
                "missing or not the member's). 409 when the visit already has an active settlement; 422 when no policy covers the discharge date. " +
                "`format=fhir`: the same preview as a FHIR R4 ClaimResponse with `use` predetermination (`application/fhir+json`, docs/fhir.md).")
            .WithExportFormats("fhir").Values("format", "json", "fhir")
            .WithMetadata(new FhirAlternative())
            .ProducesErrors(403, 404, 409, 422);
        group.MapPost("/{settlementId}/void", Void).WithName("VoidSettlement").Audited("settlement.void")
            .WithSummary("Void a settlement; later settlements of the member-year are re-settled and adjusted")
            .WithDescription(
                "Appends the reversal and one adjustment per later settlement whose amounts change. Voiding again → 409. A hospital's " +
                "answer lists only adjustments to its own settlements; the bureau's lists all.")
            .ProducesErrors(404, 409);
        group.MapGet("/{settlementId}", Get).WithName("GetSettlement")
            .WithSummary("Read a settlement with its adjustments and net amounts")
            .WithDescription("Payment lines with their explanations, the adjustments later voids caused, and the net per line. A hospital key reads its own hospital's only (404 otherwise).")
            .ProducesErrors(400, 404);
        group.MapGet("/{settlementId}/slip", Slip).WithName("GetSettlementSlip")
            .WithSummary("The printed one-stop settlement slip (一站式结算单), as HTML or PDF")
            .WithDescription(
                "In Chinese, for the patient at discharge: hospital, patient (the one place a hospital sees the name), stay, cost split, " +
                "the six payment lines with their arithmetic and year-to-date totals, totals in figures and in capitals (大写), the " +
                "reimbursement ratio, signature boxes, and 已作废 with the void's time and reason once voided. `format=pdf` or " +
                "`Accept: application/pdf` → PDF (A4 portrait, one page), printed by Chromium on the server; otherwise HTML with a print " +
                "stylesheet. `format` other than html or pdf → 400. Same access as reading the settlement: a hospital its own (404 " +
                "otherwise), the bureau all. 503 when the server has no Chromium to print the PDF (the HTML still works).")
            .WithMetadata(new ExportFormats("html", "pdf") { WithoutJson = true }).Values("format", "html", "pdf")
            .Produces<string>(StatusCodes.Status200OK, "text/html", "application/pdf")
            .ProducesErrors(400, 404, 503);
        group.MapGet("/", List).WithName("ListSettlements")
            .WithSummary("List settlements in booking order (pages from 1, at most 500 a page)")
            .WithDescription("`from`/`to` filter the discharge date. A hospital key lists its own; asking for another hospital's → 403. " +
                "`format=csv` (UTF-8 with BOM) or `format=xlsx`: the page asked for, one row per settlement with the six payment lines as " +
                "settled and net, each headed with its fund code (docs/exports.md).")
            .WithSpreadsheets<SettlementPage>().ProducesErrors(400, 403);
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

        var result = await InLanguage(await mediator.Send(new SettleClaim(http.Caller(), idempotencyKey, body), ct), http, mediator, ct);
        CloseWhenStopping(http);
        return result.ToHttp(result.Value is { SettlementId: { } id } ? $"/api/v1/settlements/{id}" : null);
    }

    /// <summary>
    /// An answer given while the service stops (the group commit drains its queue first) closes its connection: a client
    /// slow to send its next settlement opens a new one, answered 503 or refused, instead of sending it on a connection the
    /// server is closing, which would cut it off (a POST is not resent).
    /// </summary>
    private static void CloseWhenStopping(HttpContext http)
    {
        if (http.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested)
        {
            http.Response.Headers.Connection = "close";
        }
    }

    public static async Task<Results<Ok<SettlementView>, Created<SettlementView>, ValidationProblem, ProblemHttpResult, FhirResult>> Preview(
        ClaimBody body, HttpContext http, IMediator mediator, TimeProvider clock, CancellationToken ct, string? format = null)
    {
        var result = await InLanguage(await mediator.Send(new PreviewSettlement(http.Caller(), body), ct), http, mediator, ct);
        if (FormatCheck.Normalize(format) == "fhir" && result.Value is { } preview)
        {
            return new FhirResult(ClaimResponseMapper.Map(preview, clock.GetUtcNow()));
        }

        return result.ToHttp().Result switch
        {
            Ok<SettlementView> ok => ok,
            Created<SettlementView> created => created,
            ValidationProblem invalid => invalid,
            var other => (ProblemHttpResult)other,
        };
    }

    public static async Task<Results<Ok<VoidView>, Created<VoidView>, ValidationProblem, ProblemHttpResult>> Void(
        string settlementId, VoidBody body, HttpContext http, IMediator mediator, CancellationToken ct)
    {
        var result = await mediator.Send(new VoidSettlement(http.Caller(), settlementId, body), ct);
        if (result.Value is { } voided && http.AnswerInChinese())
        {
            result = result with { Value = voided with { Voided = (await mediator.Send(new ExplainInChinese([voided.Voided]), ct))[0] } };
        }

        return result.ToHttp();
    }

    public static async Task<Results<Ok<SettlementView>, Created<SettlementView>, ValidationProblem, ProblemHttpResult>> Get(
        string settlementId, HttpContext http, IMediator mediator, CancellationToken ct) =>
        (await InLanguage(await mediator.Send(new GetSettlement(http.Caller(), settlementId), ct), http, mediator, ct)).ToHttp();

    public static async Task<Results<ContentHttpResult, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> Slip(
        string settlementId, HttpContext http, IMediator mediator, SlipPrinter printer, CancellationToken ct, string? format = null)
    {
        var pdf = WantsPdf(http.Request, format);
        var result = await mediator.Send(new GetSlip(http.Caller(), settlementId), ct);
        if (result.Problem is { } problem)
        {
            return HttpResults.Problem(problem);
        }

        // The page holds the patient's name: no caching anywhere, and nothing but its own inline styles may load or run.
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";
        var html = SlipRenderer.Render(result.Value!);
        if (!pdf)
        {
            return TypedResults.Content(html, "text/html; charset=utf-8");
        }

        try
        {
            var bytes = await printer.PrintAsync(html, ct);
            http.Response.Headers.ContentDisposition = $"inline; filename=\"slip-{settlementId}.pdf\"";
            return TypedResults.File(bytes, "application/pdf");
        }
        catch (ChromiumMissingException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "PDF printing is unavailable.");
        }
    }

    /// <summary>
    /// True for PDF, false for HTML. <c>format</c> (html or pdf: the route's format check has refused any other) wins;
    /// otherwise the first of <c>application/pdf</c> and HTML (<c>text/html</c>, <c>text/*</c>, <c>*/*</c>) by the Accept
    /// header's quality; HTML by default.
    /// </summary>
    private static bool WantsPdf(HttpRequest request, string? format)
    {
        if (format is not null)
        {
            return format.Equals("pdf", StringComparison.OrdinalIgnoreCase);
        }

        var accepted = request.GetTypedHeaders().Accept.OrderByDescending(a => a.Quality ?? 1).Select(a => a.MediaType.Value?.ToLowerInvariant());
        return accepted.FirstOrDefault(t => t is "application/pdf" or "text/html" or "text/*" or "*/*") == "application/pdf";
    }

    public static async Task<Results<Ok<SettlementPage>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> List(
        HttpContext http, IMediator mediator, CancellationToken ct,
        string? hospitalId = null, string? memberId = null, DateOnly? from = null, DateOnly? to = null, int? page = null, int? pageSize = null,
        string? format = null)
    {
        var result = await mediator.Send(new ListSettlements(http.Caller(), hospitalId, memberId, from, to, page, pageSize), ct);
        if (result.Value is { } list && http.AnswerInChinese())
        {
            result = result with { Value = list with { Items = await mediator.Send(new ExplainInChinese(list.Items), ct) } };
        }

        return result.ToHttp(format, ExportTables.Settlements, $"settlements-{hospitalId ?? "all"}-page{result.Value?.Page}");
    }

    /// <summary>The settlement with its line explanations in Chinese when the caller asks for Chinese (<c>Accept-Language: zh</c>).</summary>
    private static async Task<Result<SettlementView>> InLanguage(Result<SettlementView> result, HttpContext http, IMediator mediator, CancellationToken ct) =>
        result.Value is { } view && http.AnswerInChinese()
            ? result with { Value = (await mediator.Send(new ExplainInChinese([view]), ct))[0] }
            : result;
}
