using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Nankang.Health.Api.Http;
using Nankang.Health.Application.Members;

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
            .Answers(201, 200).ProducesErrors(409);
        group.MapGet("/{memberId}", GetMember).WithName("GetMember").RequireAuthorization(Policies.Bureau)
            .WithSummary("Read a member, with the national ID and the name masked")
            .WithDescription("Bureau only. The national ID is shown masked (`360782********1234`) and the name with only its first character.")
            .ProducesErrors(404);
        group.MapGet("/{memberId}/accumulators/{year:int}", GetAccumulators).WithName("GetAccumulators").RequireAuthorization(Policies.AnyKey)
            .WithSummary("A member's accumulators for a year (zeros when the year has no claim)")
            .WithDescription("The rules' `acc` over the year's settlements that are not voided. A hospital key sees only members it has admitted or settled (404 otherwise).")
            .ProducesErrors(404);
        return routes;
    }

    public static async Task<Results<Ok<MemberView>, Created<MemberView>, ValidationProblem, ProblemHttpResult>> PutMember(
        string memberId, MemberBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new PutMember(http.Caller(), memberId, body), ct)).ToHttp($"/api/v1/members/{memberId}");

    public static async Task<Results<Ok<MemberView>, Created<MemberView>, ValidationProblem, ProblemHttpResult>> GetMember(
        string memberId, HttpContext http, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetMember(http.Caller(), memberId), ct)).ToHttp();

    public static async Task<Results<Ok<AccumulatorsView>, Created<AccumulatorsView>, ValidationProblem, ProblemHttpResult>> GetAccumulators(
        string memberId, int year, HttpContext http, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetAccumulators(http.Caller(), memberId, year), ct)).ToHttp();
}
