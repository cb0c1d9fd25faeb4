using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Nankang.Health.Api.Http;
using Nankang.Health.Application.Admissions;
using Nankang.Health.Application.Eligibility;

namespace Nankang.Health.Api.Endpoints;

/// <summary>The hospital's admission desk: eligibility by national ID and admission registration.</summary>
public static class AdmissionsApi
{
    public static IEndpointRouteBuilder MapAdmissionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1").WithTags("Admissions").RequireAuthorization(Policies.AnyKey);
        group.MapPost("/eligibility", CheckEligibility).WithName("CheckEligibility").Audited("eligibility.lookup")
            .WithSummary("Find a member by national ID: categories valid today and treat-first-pay-later")
            .WithDescription("Every call is audited. 404 when no member has the ID; 403 for another hospital's hospitalId.")
            .ProducesErrors(403, 404);
        group.MapPost("/admissions", Admit).WithName("Admit").Audited("admission.create")
            .WithSummary("Register an admission (201); the same hospital and visit again answers 200 with the existing one")
            .WithDescription(
                "`nationalId` is the one on the patient's ID card and must be the member's (400 on `nationalId` otherwise, audited). " +
                "`depositRequired` is false for a poor member at a designated in-district hospital (先诊疗后付费).")
            .Answers(201, 200).ProducesErrors(403, 409);
        return routes;
    }

    public static async Task<Results<Ok<EligibilityView>, Created<EligibilityView>, ValidationProblem, ProblemHttpResult>> CheckEligibility(
        EligibilityBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new CheckEligibility(http.Caller(), body), ct)).ToHttp();

    public static async Task<Results<Ok<AdmissionView>, Created<AdmissionView>, ValidationProblem, ProblemHttpResult>> Admit(
        AdmissionBody body, HttpContext http, IMediator mediator, CancellationToken ct)
    {
        var result = await mediator.Send(new Admit(http.Caller(), body), ct);
        return result.ToHttp(result.Value is { } a ? $"/api/v1/admissions/{a.AdmissionId}" : null);
    }
}
