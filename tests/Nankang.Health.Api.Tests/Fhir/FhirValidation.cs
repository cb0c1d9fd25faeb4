using System.Text.Json;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace Nankang.Health.Api.Tests.Fhir;

/// <summary>
/// The Firely validator over the R4 specification (specification.zip from Hl7.Fhir.Specification.Data.R4, copied beside
/// the tests: offline). Built once per test class (a class fixture): it is slow to warm, and it is not thread-safe, so
/// every validation takes a lock.
/// </summary>
public sealed class FhirValidation
{
    private readonly Lock _gate = new();
    private readonly Validator _validator;

    public FhirValidation()
    {
        var zip = Path.Combine(AppContext.BaseDirectory, "specification.zip");
        Assert.True(File.Exists(zip), $"no R4 specification at {zip}");
        var resolver = new CachedResolver(new ZipSource(zip));
        _validator = new Validator(resolver, LocalTerminologyService.CreateDefaultForCore(resolver));
    }

    /// <summary>Reads FHIR JSON into the R4 model (strictly: an unknown element or a malformed value fails here).</summary>
    public static T Parse<T>(string json) where T : Resource =>
        JsonSerializer.Deserialize<T>(json, new JsonSerializerOptions().ForFhir()) ?? throw new InvalidOperationException("empty FHIR body");

    /// <summary>Reads FHIR JSON as far as it goes: what the strict reader refuses, it still hands back as the resource it read.</summary>
    public static T ParseAnyway<T>(string json) where T : Resource
    {
        try
        {
            return Parse<T>(json);
        }
        catch (DeserializationFailedException e)
        {
            return (T)e.PartialResult!;
        }
    }

    /// <summary>The outcome's errors and fatal issues, one line each: empty when the resource conforms to R4.</summary>
    public IReadOnlyList<string> Errors(Resource resource)
    {
        OperationOutcome outcome;
        lock (_gate)
        {
            outcome = _validator.Validate(resource);
        }

        return [.. outcome.Issue
            .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            .Select(i => $"{string.Join(",", i.Expression ?? [])}: {i.Details?.Text ?? i.Diagnostics}")];
    }

    /// <summary>Parses and validates; fails the test with every error when there is one.</summary>
    public T Valid<T>(string json) where T : Resource
    {
        var resource = Parse<T>(json);
        var errors = Errors(resource);
        Assert.True(errors.Count == 0, $"{typeof(T).Name} is not valid R4:\n{string.Join("\n", errors)}\n{json}");
        return resource;
    }
}
