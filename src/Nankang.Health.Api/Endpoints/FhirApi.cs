using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Nankang.Health.Api.Fhir;
using Nankang.Health.Api.Http;
using Nankang.Health.Application.Settlements;
using Nankang.Health.Application.Statements;

namespace Nankang.Health.Api.Endpoints;

/// <summary>
/// Settlements and statements as FHIR R4 (docs/fhir.md): a settlement as an ExplanationOfBenefit, a month's statement as
/// a Bundle of PaymentReconciliations. The preview's ClaimResponse is <c>POST /settlements/preview?format=fhir</c>.
/// </summary>
public static class FhirApi
{
    public static IEndpointRouteBuilder MapFhirApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1").WithTags("FHIR").RequireAuthorization(Policies.AnyKey);
        group.MapGet("/settlements/{settlementId}/fhir", ExplanationOfBenefit).WithName("GetSettlementFhir")
            .WithSummary("A settlement as a FHIR R4 ExplanationOfBenefit (application/fhir+json)")
            .WithDescription(
                "The bureau as insurer, patient (member ID and masked national ID, never the name) and hospital contained, the stay as " +
                "`billablePeriod`, one item with the total cost and its adjudication (submitted, eligible, one entry per fund in " +
                "`urn:nankang:fund`, the patient's share), totals, `payment` as the funds' net after adjustments, the year-to-date " +
                "figures as `benefitBalance`. A voided settlement is `cancelled`, with the settlements its void adjusted as `related`. " +
                "Amounts in CNY. Same access as reading the settlement: a hospital its own (404 otherwise), the bureau all.")
            .Produces<FhirResource>(StatusCodes.Status200OK, FhirCodes.MediaType)
            .ProducesErrors(400, 404);
        group.MapGet("/statements/{month}/fhir", Statement).WithName("GetStatementFhir")
            .WithSummary("A month's statement as a FHIR R4 Bundle of PaymentReconciliations (application/fhir+json)")
            .WithDescription(
                "One PaymentReconciliation per hospital with entries booked in the month (China Standard Time): `paymentAmount` is " +
                "what the funds owe the hospital for the month, one `detail` per settlement, reversal or adjustment, naming its " +
                "ExplanationOfBenefit. The bureau gets every hospital, a hospital key its own part only. Allowances paid to households " +
                "are not settlements and are not included.")
            .Produces<FhirResource>(StatusCodes.Status200OK, FhirCodes.MediaType)
            .ProducesErrors(400);
        return routes;
    }

    public static async Task<Results<FhirResult, ValidationProblem, ProblemHttpResult>> ExplanationOfBenefit(
        string settlementId, HttpContext http, IMediator mediator, CancellationToken ct)
    {
        var result = await mediator.Send(new GetSettlementRecord(http.Caller(), settlementId), ct);
        return result.Problem is { } problem ? Problem(problem) : new FhirResult(ExplanationOfBenefitMapper.Map(result.Value!));
    }

    public static async Task<Results<FhirResult, ValidationProblem, ProblemHttpResult>> Statement(
        string month, HttpContext http, IMediator mediator, TimeProvider clock, CancellationToken ct)
    {
        var result = await mediator.Send(new GetMonthEntries(http.Caller(), month), ct);
        return result.Problem is { } problem ? Problem(problem) : new FhirResult(PaymentReconciliationMapper.Map(result.Value!, clock.GetUtcNow()));
    }

    /// <summary>A use case's problem as problem details: 400 with the field for bad input, its status otherwise.</summary>
    public static Results<FhirResult, ValidationProblem, ProblemHttpResult> Problem(Application.Common.Problem problem) =>
        problem.Errors is { } errors ? TypedResults.ValidationProblem(errors, problem.Detail, title: problem.Title) : HttpResults.Problem(problem);
}
