using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;
using Nankang.Health.Api.Endpoints;
using Nankang.Health.Api.Fhir;
using Nankang.Health.Settlement;


namespace Nankang.Health.Api.Http;

/// <summary>
/// The OpenAPI document as a generated client needs it: money and rates as bounded numbers, exactly the statuses each
/// operation answers (problems as <c>application/problem+json</c>), request fields required as the use cases require them
/// and never nullable then, enums as enums, and an example for every request body and response (<see cref="Examples"/>).
/// </summary>
public static class OpenApiSetup
{
    public const string ProblemMediaType = "application/problem+json";

    /// <summary>The bound of amounts in the document: 10^12 yuan, 10^14 fen, below 2^53, so a double-based client holds every fen exactly.</summary>
    public const decimal MaxYuan = 1_000_000_000_000m;

    /// <summary>One line per tag, shown beside the operations in Swagger UI and generated clients.</summary>
    public static readonly IReadOnlyDictionary<string, string> Tags = new Dictionary<string, string>
    {
        ["Members"] = "The registry of people and their poverty categories (bureau), and a member's accumulators for a year.",
        ["Hospitals"] = "The registry of hospitals: level, region and designation (written by the bureau, read by every key).",
        ["Admissions"] = "The admission desk: eligibility by national ID and admission registration.",
        ["Settlements"] = "One-stop settlement at discharge: preview, settle (idempotent), read, list and void.",
        ["Statements"] = "Monthly statements of what each fund owes each payee, and month closing.",
        ["FHIR"] = "Settlements as FHIR R4 ExplanationOfBenefit, statements as a Bundle of PaymentReconciliation (application/fhir+json; docs/fhir.md).",
        ["Reconciliations"] = "Monthly reconciliation of a hospital's books with the engine (totals and detail).",
        ["Budgets"] = "Annual fund budgets with spending, commitments and the year-end projection.",
        ["Allowances"] = "Allowances outside the hospital bill: care certifications, caregiver runs, children's rehabilitation.",
        ["AntiPoverty"] = "Anti-poverty insurance for marginal households (防贫保): the warning list, the poverty office's reviews and the runs that book payouts.",
        ["Audit"] = "The audit log: every write, every eligibility lookup and every refused attempt.",
    };

    public static void Configure(OpenApiOptions options)
    {
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
            if (type == typeof(Money))
            {
                Number(schema, "Yuan with at most two decimals (exact; held as integer fen).", 0.01m, -MaxYuan, MaxYuan);
            }
            else if (type == typeof(Rate))
            {
                Number(schema, "A fraction from 0 to 1 with at most four decimals.", 0.0001m, 0m, 1m);
            }
            else if (type == typeof(FhirResource))
            {
                // The FHIR specification, not this document, defines the rest of the resource: any further element is allowed.
                schema.AdditionalProperties = new OpenApiSchema();
                schema.Description = "A FHIR R4 resource (http://hl7.org/fhir/R4/), named by resourceType; its elements as the specification defines them (docs/fhir.md).";
            }

            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var id = metadata.OfType<IEndpointNameMetadata>().LastOrDefault()?.EndpointName ?? operation.OperationId ?? "";
            if (operation.RequestBody?.Content is { } content)
            {
                foreach (var (type, media) in content)
                {
                    if (media is OpenApiMediaType editable)
                    {
                        editable.Example = Examples.Request(id, type);
                    }
                }
            }

            Parameters(operation, metadata);
            if (metadata.OfType<FhirAlternative>().Any() && operation.Responses?.GetValueOrDefault("200") is OpenApiResponse ok)
            {
                ok.Content ??= new Dictionary<string, OpenApiMediaType>();
                ok.Content[FhirCodes.MediaType] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(nameof(FhirResource), context.Document) };
            }

            Responses(operation, context.Document!, id, EndpointDocs.Statuses(metadata, operation.RequestBody is not null));
            return Task.CompletedTask;
        });
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Nankang.Health settlement API";
            document.Info.Description = "One-stop settlement of inpatient stays under Nankang's 2020 health poverty alleviation rules. " +
                "Send the API key in the X-Api-Key header. Money is yuan as a JSON number with at most two decimals; every error is problem+json.";
            document.Info.Contact = new OpenApiContact { Name = "Nankang District Medical Security Bureau (南康区医疗保障局)" };
            document.Info.License = new OpenApiLicense { Name = "Proprietary", Identifier = "LicenseRef-Nankang-Health-Proprietary" };
            document.Servers = [new OpenApiServer { Url = "/", Description = "The server this document is read from (http://localhost:5080 when run locally)." }];
            document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.Header,
                Description = "A bureau key, or a hospital key that acts only for its own hospital.",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("ApiKey", document)] = [] });
            OpenApiSchemas.Apply(document);
            return Task.CompletedTask;
        });
    }

    /// <summary>Header parameters the handler checks itself are required; string parameters with a fixed set of values are enums.</summary>
    private static void Parameters(OpenApiOperation operation, IList<object> metadata)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter is { In: ParameterLocation.Header, Name: SettlementsApi.IdempotencyHeader })
            {
                parameter.Required = true;
                parameter.Description = "One key per settlement attempt (1 to 128 characters): the same key with the same body answers the first result again.";
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 128 };
            }

            if (metadata.OfType<ParameterValues>().FirstOrDefault(v => v.Name == parameter.Name) is { } values)
            {
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. values.Values.Select(v => (JsonNode)JsonValue.Create(v))] };
            }
        }
    }

    /// <summary>Keeps exactly the statuses the endpoint answers; every problem status gets the problem schema and an example.</summary>
    private static void Responses(OpenApiOperation operation, OpenApiDocument document, string id, (SortedSet<int> Success, SortedSet<int> Errors) statuses)
    {
        var existing = operation.Responses ?? [];
        var responses = new OpenApiResponses();
        foreach (var status in statuses.Success)
        {
            var key = status.ToString(CultureInfo.InvariantCulture);
            var response = existing.TryGetValue(key, out var r) && r is OpenApiResponse found ? found : new OpenApiResponse();
            response.Description = status == StatusCodes.Status201Created ? "Created" : "OK";
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            if (response.Content.Count == 0 && existing.Values.OfType<OpenApiResponse>().FirstOrDefault(x => x.Content?.Count > 0) is { } other)
            {
                // Ok<T> and Created<T> document the same body; the status kept may be the one the framework left empty.
                foreach (var (media, value) in other.Content!)
                {
                    response.Content[media] = new OpenApiMediaType { Schema = value.Schema };
                }
            }

            foreach (var (media, value) in response.Content)
            {
                if (!media.Contains("json", StringComparison.Ordinal))
                {
                    // CSV or HTML is text; anything else (a PDF) is bytes.
                    value.Schema = media.StartsWith("text/", StringComparison.Ordinal)
                        ? new OpenApiSchema { Type = JsonSchemaType.String }
                        : new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
                }

                value.Example = Examples.Response(id, status, media);
            }

            responses[key] = response;
        }

        foreach (var status in statuses.Errors)
        {
            var schema = status == StatusCodes.Status400BadRequest ? OpenApiSchemas.ValidationProblem : OpenApiSchemas.Problem;
            responses[status.ToString(CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = ReasonPhrases.GetReasonPhrase(status),
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ProblemMediaType] = new() { Schema = new OpenApiSchemaReference(schema, document), Example = Examples.Problem(status) },
                },
            };
        }

        operation.Responses = responses;
    }

    private static void Number(OpenApiSchema schema, string description, decimal step, decimal minimum, decimal maximum)
    {
        schema.Type = JsonSchemaType.Number;
        schema.Properties?.Clear();
        schema.Required?.Clear();
        schema.Format = "decimal";
        schema.MultipleOf = step;
        schema.Minimum = minimum.ToString(CultureInfo.InvariantCulture);
        schema.Maximum = maximum.ToString(CultureInfo.InvariantCulture);
        schema.Description = description;
    }
}

/// <summary>The values a string route or query parameter takes, for its enum in the document.</summary>
public sealed record ParameterValues(string Name, IReadOnlyList<string> Values);
