using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Nankang.Health.Api.Exports;
using Nankang.Health.Api.Http;
using Nankang.Health.Application.Allowances;
using Nankang.Health.Application.Common;

namespace Nankang.Health.Api.Endpoints;

/// <summary>Allowances outside the hospital bill (bureau only): care certifications, caregiver runs, children's rehabilitation claims.</summary>
public static class AllowancesApi
{
    public static IEndpointRouteBuilder MapAllowancesApi(this IEndpointRouteBuilder routes)
    {
        var members = routes.MapGroup("/api/v1/members").WithTags("Allowances").RequireAuthorization(Policies.Bureau);
        members.MapPut("/{memberId}/care-certifications", PutCertifications).WithName("PutCareCertifications")
            .WithSummary("Replace a member's care certifications (失能认定)")
            .WithDescription("Bureau only. The body is the member's complete list; the caregiver allowance counts the months a certification covers. 404 for an unknown member.")
            .ProducesErrors(404);
        members.MapGet("/{memberId}/care-certifications", GetCertifications).WithName("GetCareCertifications")
            .WithSummary("A member's care certifications")
            .WithDescription("Bureau only. The list as last replaced; 404 for an unknown member.")
            .ProducesErrors(404);

        var group = routes.MapGroup("/api/v1/allowances").WithTags("Allowances").RequireAuthorization(Policies.Bureau);
        group.MapPost("/caregiver/runs", Run).WithName("RunCaregiverAllowance")
            .WithSummary("Run the caregiver allowance of a year; a re-run books only the difference")
            .WithDescription("Bureau only. Evaluates every member with a care certification against the year's policy and books what is due " +
                "beyond earlier runs of the year (201 with the run). 422 when no policy covers the year.")
            .Answers(201).ProducesErrors(422);
        group.MapGet("/caregiver/runs/{runId}", GetRun).WithName("GetCaregiverRun")
            .WithSummary("Read a caregiver allowance run")
            .WithDescription("Bureau only. The run as booked: members evaluated, months earned and amounts; 404 for an unknown run. " +
                "`format=csv` (UTF-8 with BOM) or `format=xlsx`: one row per member (docs/exports.md).")
            .WithSpreadsheets<CaregiverRunView>().ProducesErrors(404);
        group.MapPost("/child-rehabilitation/claims", Claim).WithName("ClaimChildRehabilitation")
            .WithSummary("Pay a disabled child's rehabilitation for a month")
            .WithDescription("A claim the rules refuse → 422 with `refusal`; a second claim for the same child and month → 409 with `existingClaimId`.")
            .Answers(201).ProducesErrors(409, 422);
        group.MapGet("/child-rehabilitation/claims", ListClaims).WithName("ListChildRehabilitationClaims")
            .WithSummary("A year's rehabilitation claims")
            .WithDescription("Bureau only. `year` (of the service month) is required. Every claim of the year by service month, then " +
                "booking time, voided ones included and marked; `paid` leaves them out. `format=csv` (UTF-8 with BOM) or `format=xlsx`: " +
                "one row per claim (docs/exports.md).")
            .WithSpreadsheets<RehabClaimList>().ProducesErrors(400);
        group.MapGet("/child-rehabilitation/claims/{claimId}", GetClaim).WithName("GetChildRehabilitationClaim")
            .WithSummary("Read a rehabilitation claim")
            .WithDescription("Bureau only. What was paid under which cap, and the void if any; 404 for an unknown claim.")
            .ProducesErrors(404);
        group.MapPost("/child-rehabilitation/claims/{claimId}/void", VoidClaim).WithName("VoidChildRehabilitationClaim")
            .WithSummary("Void a rehabilitation claim (appends a reversal); voiding again → 409")
            .WithDescription("Bureau only. Appends a reversal of the payment; the month may then be claimed again. 404 for an unknown claim, 409 when already voided.")
            .ProducesErrors(404, 409);
        return routes;
    }

    public static async Task<Results<Ok<CareCertificationsView>, Created<CareCertificationsView>, ValidationProblem, ProblemHttpResult>> PutCertifications(
        string memberId, CareCertificationsBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new PutCareCertifications(http.Caller(), memberId, body), ct)).ToHttp();

    public static async Task<Results<Ok<CareCertificationsView>, Created<CareCertificationsView>, ValidationProblem, ProblemHttpResult>> GetCertifications(
        string memberId, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetCareCertifications(memberId), ct)).ToHttp();

    public static async Task<Results<Ok<CaregiverRunView>, Created<CaregiverRunView>, ValidationProblem, ProblemHttpResult>> Run(
        CaregiverRunBody body, HttpContext http, IMediator mediator, CancellationToken ct)
    {
        var result = await mediator.Send(new RunCaregiverAllowance(http.Caller(), body), ct);
        return result.ToHttp(result.Value is { } v ? $"/api/v1/allowances/caregiver/runs/{v.RunId}" : null);
    }

    public static async Task<Results<Ok<CaregiverRunView>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> GetRun(
        string runId, IMediator mediator, CancellationToken ct, string? format = null) =>
        (await mediator.Send(new GetCaregiverRun(runId), ct)).ToHttp(format, ExportTables.CaregiverRun, $"caregiver-run-{runId}");

    public static async Task<Results<Ok<RehabClaimView>, Created<RehabClaimView>, ValidationProblem, ProblemHttpResult>> Claim(
        RehabClaimBody body, HttpContext http, IMediator mediator, CancellationToken ct)
    {
        var result = InLanguage(await mediator.Send(new ClaimChildRehabilitation(http.Caller(), body), ct), http);
        return result.ToHttp(result.Value is { } v ? $"/api/v1/allowances/child-rehabilitation/claims/{v.ClaimId}" : null);
    }

    public static async Task<Results<Ok<RehabClaimList>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> ListClaims(
        int year, HttpContext http, IMediator mediator, CancellationToken ct, string? format = null)
    {
        var result = await mediator.Send(new ListChildRehabilitationClaims(year), ct);
        if (result.Value is { } list && http.AnswerInChinese())
        {
            result = result with { Value = list with { Claims = [.. list.Claims.Select(c => c.InChinese())] } };
        }

        return result.ToHttp(format, ExportTables.RehabClaims, $"child-rehabilitation-claims-{year}");
    }

    public static async Task<Results<Ok<RehabClaimView>, Created<RehabClaimView>, ValidationProblem, ProblemHttpResult>> GetClaim(
        string claimId, HttpContext http, IMediator mediator, CancellationToken ct) =>
        InLanguage(await mediator.Send(new GetChildRehabilitationClaim(claimId), ct), http).ToHttp();

    public static async Task<Results<Ok<RehabClaimView>, Created<RehabClaimView>, ValidationProblem, ProblemHttpResult>> VoidClaim(
        string claimId, RehabVoidBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
        InLanguage(await mediator.Send(new VoidChildRehabilitation(http.Caller(), claimId, body), ct), http).ToHttp();

    /// <summary>The claim with its explanation in Chinese when the caller asks for Chinese (<c>Accept-Language: zh</c>).</summary>
    private static Result<RehabClaimView> InLanguage(Result<RehabClaimView> result, HttpContext http) =>
        result.Value is { } claim && http.AnswerInChinese() ? result with { Value = claim.InChinese() } : result;
}

/// <summary>The bureau's resources: statements, reconciliations, budgets, allowances and anti-poverty insurance.</summary>
public static class BureauApi
{
    public static IEndpointRouteBuilder MapBureauApi(this IEndpointRouteBuilder routes) =>
        routes.MapStatementsApi().MapReconciliationsApi().MapBudgetsApi().MapAllowancesApi().MapAntiPovertyApi();
}
