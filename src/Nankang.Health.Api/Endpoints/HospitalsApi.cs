using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Nankang.Health.Api.Http;
using Nankang.Health.Application.Hospitals;

namespace Nankang.Health.Api.Endpoints;

/// <summary>The registry of hospitals: written by the bureau, readable by every key.</summary>
public static class HospitalsApi
{
    public static IEndpointRouteBuilder MapHospitalsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/hospitals").WithTags("Hospitals");
        group.MapPut("/{hospitalId}", PutHospital).WithName("PutHospital").RequireAuthorization(Policies.Bureau).Audited("hospital.put")
            .WithSummary("Create or replace a hospital (201 created, 200 replaced)")
            .WithDescription("`hospitalId`: 1 to 64 characters. `households` (in any case) is reserved: month statements use it as the payee " +
                "of the allowances paid to households, so a hospital of that id would be merged with them (400).")
            .Answers(201, 200);
        group.MapGet("/{hospitalId}", GetHospital).WithName("GetHospital").RequireAuthorization(Policies.AnyKey)
            .WithSummary("Read a hospital")
            .WithDescription("Any key: name, level, region and whether it is designated for treat-first-pay-later. 404 when no hospital has the id.")
            .ProducesErrors(404);
        return routes;
    }

    public static async Task<Results<Ok<HospitalView>, Created<HospitalView>, ValidationProblem, ProblemHttpResult>> PutHospital(
        string hospitalId, HospitalBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new PutHospital(http.Caller(), hospitalId, body), ct)).ToHttp($"/api/v1/hospitals/{hospitalId}");

    public static async Task<Results<Ok<HospitalView>, Created<HospitalView>, ValidationProblem, ProblemHttpResult>> GetHospital(
        string hospitalId, HttpContext http, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetHospital(http.Caller(), hospitalId), ct)).ToHttp();
}
