using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Nankang.Health.Api.Http;
using Microsoft.AspNetCore.Mvc;
using Nankang.Health.Application.Members;
using Nankang.Health.Application.Members.Import;

namespace Nankang.Health.Api.Endpoints;

/// <summary>The registry of people (bureau only) and their accumulators (bureau, or a hospital that admitted them).</summary>
public static class MembersApi
{
    public static IEndpointRouteBuilder MapMembersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/members").WithTags("Members");
        group.MapPut("/{memberId}", PutMember).WithName("PutMember").RequireAuthorization(Policies.Bureau).Audited("member.put")
            .WithSummary("Create or replace a member (201 created, 200 replaced)")
            .WithDescription("Bureau only. `nationalId` must carry a valid GB 11643 check digit and be unique (409 otherwise). National ID and name are stored encrypted; the national ID is shown masked (`360782********1234`).")
            .Produces<MemberView>(StatusCodes.Status201Created).ProducesErrors(400, 401, 403, 409);
        group.MapPost("/import", ImportMembers).WithName("ImportMembers").RequireAuthorization(Policies.Bureau).Audited("member.import")
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(AbuseLimits.MaxImportBodyBytes))
            .WithFormOptions(multipartBodyLengthLimit: AbuseLimits.MaxImportBodyBytes)
            .WithSummary("Register or replace the members of a registry file (CSV or XLSX), all or nothing")
            .WithDescription(
                "Bureau only. multipart/form-data with one `file` (`.csv`, UTF-8 with or without BOM, or `.xlsx`), one row per member; " +
                "columns in docs/bureau.md, headers in English or Chinese. Any bad row: nothing is written and the 422 problem lists " +
                "`rowErrors` (row as the spreadsheet numbers it, column, reason; the first 100) and `rowErrorCount`. A row equal to the " +
                "stored member changes nothing; a different one replaces the member as PUT does. Each created or replaced member is audited.")
            .Produces<MemberImportResult>().ProducesErrors(400, 401, 403, 409, 413, 422);
        group.MapGet("/{memberId}", GetMember).WithName("GetMember").RequireAuthorization(Policies.Bureau)
            .WithSummary("Read a member, with the national ID and the name masked").ProducesErrors(401, 403, 404);
        group.MapGet("/{memberId}/accumulators/{year:int}", GetAccumulators).WithName("GetAccumulators").RequireAuthorization(Policies.AnyKey)
            .WithSummary("A member's accumulators for a year (zeros when the year has no claim)")
            .WithDescription("The rules' `acc` over the year's settlements that are not voided. A hospital key sees only members it has admitted or settled (404 otherwise).")
            .ProducesErrors(401, 404);
        return routes;
    }

    public static async Task<Results<Ok<MemberView>, Created<MemberView>, ValidationProblem, ProblemHttpResult>> PutMember(
        string memberId, MemberBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new PutMember(http.Caller(), memberId, body), ct)).ToHttp($"/api/v1/members/{memberId}");

    public static async Task<Results<Ok<MemberImportResult>, Created<MemberImportResult>, ValidationProblem, ProblemHttpResult>> ImportMembers(
        IFormFile file, HttpContext http, IMediator mediator, CancellationToken ct)
    {
        MemberFileFormat? format = Path.GetExtension(file.FileName).ToUpperInvariant() switch
        {
            ".CSV" => MemberFileFormat.Csv,
            ".XLSX" => MemberFileFormat.Xlsx,
            _ => null,
        };
        return format is null
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["must be a .csv or .xlsx file."] })
            : (await mediator.Send(new ImportMembers(http.Caller(), format.Value, file.OpenReadStream), ct)).ToHttp();
    }

    public static async Task<Results<Ok<MemberView>, Created<MemberView>, ValidationProblem, ProblemHttpResult>> GetMember(
        string memberId, HttpContext http, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetMember(http.Caller(), memberId), ct)).ToHttp();

    public static async Task<Results<Ok<AccumulatorsView>, Created<AccumulatorsView>, ValidationProblem, ProblemHttpResult>> GetAccumulators(
        string memberId, int year, HttpContext http, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetAccumulators(http.Caller(), memberId, year), ct)).ToHttp();
}
