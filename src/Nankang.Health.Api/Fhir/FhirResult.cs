using System.Text.Json;
using Resource = Hl7.Fhir.Model.Resource;
using Hl7.Fhir.Serialization;

namespace Nankang.Health.Api.Fhir;

/// <summary>A FHIR resource written straight to the response as <c>application/fhir+json</c> with the Firely serializer.</summary>
public sealed class FhirResult(Resource resource) : IResult
{
    /// <summary>The Firely converters for the R4 model; built once (the options cache their converters).</summary>
    public static readonly JsonSerializerOptions Options = new JsonSerializerOptions().ForFhir();

    public Resource Resource { get; } = resource;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = $"{FhirCodes.MediaType}; charset=utf-8";
        await JsonSerializer.SerializeAsync(httpContext.Response.Body, Resource, Options, httpContext.RequestAborted);
    }
}

/// <summary>The OpenAPI shape of a FHIR answer: any R4 resource, named by <c>resourceType</c> (the FHIR specification defines the rest).</summary>
/// <param name="ResourceType">ExplanationOfBenefit, ClaimResponse or Bundle.</param>
public sealed record FhirResource(string ResourceType);

/// <summary>
/// Endpoint metadata: besides its JSON, the route answers 200 as FHIR (<c>application/fhir+json</c>, <see cref="FhirResource"/>)
/// when asked with <c>format=fhir</c>; the OpenAPI document lists both media types under 200.
/// </summary>
public sealed record FhirAlternative;
