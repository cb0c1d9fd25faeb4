using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Nankang.Health.Api.Http;

/// <summary>
/// Component schemas as a client generator should see them. The request bodies are records of nullable fields, so that the
/// use cases can answer a missing field with a 400 naming it; the document instead says which fields a caller must send
/// (<see cref="RequiredFields"/>, the same fields the use cases' validation requires), and those are never nullable.
/// </summary>
public static class OpenApiSchemas
{
    public const string Problem = "ProblemDetails";
    public const string ValidationProblem = "HttpValidationProblemDetails";

    /// <summary>
    /// Per request schema, the fields the server refuses to do without (as its validation says: <c>errors.Required</c>).
    /// Every other field may be left out or sent as null. A new request body must be listed here (OpenApiContractTests).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> RequiredFields = new Dictionary<string, string[]>
    {
        ["ClaimBody"] = ["hospitalId", "visitNo", "memberId", "admittedOn", "dischargedOn", "fees"],
        ["FeeBody"] = ["class", "amount"],
        ["VoidBody"] = ["reason"],
        ["AdmissionBody"] = ["hospitalId", "visitNo", "memberId", "nationalId", "admittedOn"],
        ["EligibilityBody"] = ["nationalId", "hospitalId"],
        ["HospitalBody"] = ["name", "level", "region", "designated"],
        ["MemberBody"] = ["nationalId", "name", "birthDate", "sex"],
        ["CategoryPeriodDto"] = ["category", "from"],
        ["ReconciliationBody"] = ["hospitalId", "month", "totals"],
        ["ReconciliationTotals"] = ["basicInsurance", "seriousIllnessInsurance", "supplementaryInsurance", "medicalAssistance", "specialReliefTopUp", "specialReliefHighCost"],
        ["BudgetBody"] = ["amount"],
        ["CareCertificationsBody"] = ["certifications"],
        ["CareCertificationDto"] = ["condition", "from"],
        ["CaregiverRunBody"] = ["year"],
        ["RehabClaimBody"] = ["memberId", "month", "condition", "actualCost"],
        ["RehabVoidBody"] = ["reason"],
        ["AntiPovertyReviewBody"] = ["decision", "reason"],
        ["AntiPovertyRunBody"] = ["year"],
    };

    /// <summary>String fields of request bodies that take one of a fixed set of values.</summary>
    public static readonly IReadOnlyDictionary<(string Schema, string Field), string[]> FieldValues = new Dictionary<(string, string), string[]>
    {
        [("MemberBody", "sex")] = ["M", "F"],
        [("AntiPovertyReviewBody", "decision")] = ["Approved", "Rejected"],
    };

    public static void Apply(OpenApiDocument document)
    {
        var schemas = document.Components!.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        schemas[Problem] = ProblemSchema(withErrors: false);
        schemas[ValidationProblem] = ProblemSchema(withErrors: true);
        foreach (var (name, value) in schemas.ToList())
        {
            if (value is not OpenApiSchema schema)
            {
                continue;
            }

            if (schema.Enum is { Count: > 0 } values)
            {
                // An enum of strings, never null: a nullable use says so where it is used (oneOf null).
                schema.Enum = [.. values.Where(v => v is not null)];
                schema.Type = JsonSchemaType.String;
            }

            if (RequiredFields.TryGetValue(name, out var required) && schema.Properties is { } properties)
            {
                schema.Required = new HashSet<string>(required);
                foreach (var field in required)
                {
                    properties[field] = NotNull(properties[field]);
                }
            }

            foreach (var ((schemaName, field), allowed) in FieldValues)
            {
                if (schemaName == name && schema.Properties?.TryGetValue(field, out var property) == true && property is OpenApiSchema p)
                {
                    p.Enum = [.. allowed.Select(a => (JsonNode)JsonValue.Create(a))];
                    p.Type = JsonSchemaType.String;
                }
            }
        }

        InlineNumbers(schemas);
        Describe(schemas);
    }

    /// <summary>The meaning of each field of the hospital's flow (<see cref="OpenApiFieldDescriptions"/>), before any description it had.</summary>
    private static void Describe(IDictionary<string, IOpenApiSchema> schemas)
    {
        foreach (var (name, fields) in OpenApiFieldDescriptions.Schemas)
        {
            if (!schemas.TryGetValue(name, out var found) || found is not OpenApiSchema { Properties: { } properties })
            {
                continue;
            }

            foreach (var (field, meaning) in fields)
            {
                switch (properties.TryGetValue(field, out var property) ? property : null)
                {
                    case OpenApiSchema p:
                        p.Description = p.Description is { Length: > 0 } unit ? $"{meaning} {unit}" : meaning;
                        break;
                    case OpenApiSchemaReference r:
                        // A description beside a $ref (OpenAPI 3.1): the field's meaning, not the referenced schema's.
                        r.Description = meaning;
                        break;
                }
            }
        }
    }

    /// <summary>
    /// Money is written out where it is used, a plain number: as a component of its own a generator makes an empty class
    /// of it (Kiota) or a named alias, where the caller wants a decimal. A nullable use becomes <c>type: [number, null]</c>.
    /// </summary>
    private static void InlineNumbers(IDictionary<string, IOpenApiSchema> schemas)
    {
        const string id = "Money";
        if (!schemas.TryGetValue(id, out var found) || found is not OpenApiSchema money)
        {
            return;
        }

        schemas.Remove(id);
        foreach (var schema in schemas.Values.OfType<OpenApiSchema>())
        {
            Inline(schema);
        }

        void Inline(OpenApiSchema schema)
        {
            if (schema.Properties is { } properties)
            {
                foreach (var key in properties.Keys.ToList())
                {
                    properties[key] = Replace(properties[key]);
                }
            }

            if (schema.Items is { } items)
            {
                schema.Items = Replace(items);
            }

            if (schema.AdditionalProperties is { } additional)
            {
                schema.AdditionalProperties = Replace(additional);
            }
        }

        IOpenApiSchema Replace(IOpenApiSchema schema)
        {
            if (schema is OpenApiSchemaReference { Reference.Id: id })
            {
                return Copy(JsonSchemaType.Number);
            }

            if (schema is OpenApiSchema { OneOf: { Count: 2 } oneOf } && oneOf.Any(s => s.Type == JsonSchemaType.Null)
                && oneOf.Any(s => s is OpenApiSchemaReference { Reference.Id: id }))
            {
                return Copy(JsonSchemaType.Number | JsonSchemaType.Null);
            }

            if (schema is OpenApiSchema inline)
            {
                Inline(inline);
            }

            return schema;
        }

        OpenApiSchema Copy(JsonSchemaType type) => new()
        {
            Type = type,
            Format = money.Format,
            MultipleOf = money.MultipleOf,
            Minimum = money.Minimum,
            Maximum = money.Maximum,
            Description = money.Description,
        };
    }

    /// <summary><c>type: [null, string]</c> → <c>type: string</c>; <c>oneOf: [null, $ref]</c> → the <c>$ref</c>.</summary>
    private static IOpenApiSchema NotNull(IOpenApiSchema schema)
    {
        if (schema is OpenApiSchema { OneOf: { Count: > 0 } oneOf } && oneOf.Where(s => s.Type != JsonSchemaType.Null).ToList() is [var only])
        {
            return only;
        }

        if (schema is OpenApiSchema { Type: { } type } inline)
        {
            inline.Type = type & ~JsonSchemaType.Null;
        }

        return schema;
    }

    /// <summary>RFC 9457 problem details as this service writes them; extensions (traceId, existingSettlementId ...) are allowed.</summary>
    private static OpenApiSchema ProblemSchema(bool withErrors)
    {
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = withErrors
                ? "Problem details (RFC 9457) with `errors`: each key is the JSON path of a field, each value what is wrong with it."
                : "Problem details (RFC 9457); extra members (`traceId`, `existingSettlementId`, `refusal`) may follow.",
            Required = new HashSet<string> { "title", "status" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI reference naming the problem type." },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A short summary of the problem type." },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status." },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong in this request." },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI reference naming this occurrence." },
                ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The W3C trace id under which the service logged the request." },
                ["cause"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "With 503: why the database could not answer (docs/operations.md).",
                    Enum = [System.Text.Json.Nodes.JsonValue.Create("busy"), System.Text.Json.Nodes.JsonValue.Create("diskFull"), System.Text.Json.Nodes.JsonValue.Create("databaseUnavailable")],
                },
            },
        };
        if (withErrors)
        {
            schema.Properties["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            };
        }

        return schema;
    }
}
