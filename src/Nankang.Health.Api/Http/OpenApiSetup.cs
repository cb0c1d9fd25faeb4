using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Nankang.Health.Settlement;

namespace Nankang.Health.Api.Http;

/// <summary>The OpenAPI document: money and rates as numbers, the API key scheme, and example bodies.</summary>
public static class OpenApiSetup
{
    public static void Configure(OpenApiOptions options)
    {
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
            if (type == typeof(Money))
            {
                Number(schema, "Yuan with at most two decimals (exact; held as integer fen).");
            }
            else if (type == typeof(Rate))
            {
                Number(schema, "A fraction from 0 to 1 with at most four decimals.");
            }

            return Task.CompletedTask;
        });
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Nankang.Health settlement API";
            document.Info.Description = "One-stop settlement of inpatient stays under Nankang's 2020 health poverty alleviation rules. " +
                "Send the API key in the X-Api-Key header. Money is yuan as a JSON number with at most two decimals; every error is problem+json.";
            document.Servers?.Clear();
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
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName is { } name
                && Examples.Bodies.TryGetValue(name, out var example)
                && operation.RequestBody?.Content is { } content)
            {
                foreach (var media in content.Values)
                {
                    media.Example = JsonNode.Parse(example);
                }
            }

            return Task.CompletedTask;
        });
    }

    private static void Number(Microsoft.OpenApi.OpenApiSchema schema, string description)
    {
        schema.Type = JsonSchemaType.Number;
        schema.Properties?.Clear();
        schema.Required?.Clear();
        schema.Format = null;
        schema.Description = description;
    }
}

/// <summary>Example request bodies shown in the OpenAPI document and Swagger UI.</summary>
public static class Examples
{
    private const string Claim = """
        { "hospitalId": "H-NK-L2", "visitNo": "ZY2020000123", "memberId": "M000001", "nationalId": "360782198001010018",
          "admittedOn": "2020-05-01", "dischargedOn": "2020-05-10",
          "referred": false, "insuranceApplicable": true, "notApplicableReason": null,
          "diagnoses": ["I63.9"],
          "fees": [ { "itemCode": "250101", "itemName": "ward and nursing", "class": "A", "amount": 15000.00 },
                    { "itemCode": "310201", "class": "B", "amount": 3000.00, "selfPayRatio": 0.10 },
                    { "itemCode": "X0001", "class": "C", "amount": 2000.00 } ] }
        """;

    public static readonly IReadOnlyDictionary<string, string> Bodies = new Dictionary<string, string>
    {
        ["Settle"] = Claim,
        ["PreviewSettlement"] = Claim,
        ["VoidSettlement"] = """{ "reason": "billing error: duplicate fee lines" }""",
        ["Admit"] = """{ "hospitalId": "H-NK-L2", "visitNo": "ZY2020000123", "memberId": "M000001", "nationalId": "360782198001010018", "admittedOn": "2020-05-01" }""",
        ["CheckEligibility"] = """{ "nationalId": "360782198001010018", "hospitalId": "H-NK-L2" }""",
        ["PutHospital"] = """{ "name": "district hospital", "level": 2, "region": "InDistrict", "designated": true }""",
        ["PutMember"] = """
            { "nationalId": "360782198001010018", "name": "张三", "birthDate": "1980-01-01", "sex": "M",
              "township": "蓉江街道", "village": "新民村",
              "categories": [ { "category": "RegisteredPoor", "from": "2015-01-01", "to": null } ] }
            """,
        ["Reconcile"] = """
            { "hospitalId": "H-NK-L2", "month": "2020-05",
              "totals": { "basicInsurance": 9600.00, "seriousIllnessInsurance": 0.00, "supplementaryInsurance": 0.00,
                          "medicalAssistance": 0.00, "specialReliefTopUp": 0.00, "specialReliefHighCost": 0.00 },
              "detailCsv": "visitNo,settlementId,totalCost,basicInsurance,seriousIllnessInsurance,supplementaryInsurance,medicalAssistance,specialReliefTopUp,specialReliefHighCost,patientPays\r\nZY2020000123,S0190f3a2c1d47b8e9a6b5c4d3e2f1a0b,12000.00,9600.00,0.00,0.00,0.00,0.00,0.00,2400.00\r\n" }
            """,
        ["PutBudget"] = """{ "amount": 5000000.00 }""",
        ["PutCareCertifications"] = """
            { "certifications": [ { "condition": "中风", "from": "2019-03-01", "to": "2019-12-31" },
                                  { "condition": "截瘫", "from": "2020-02-10", "to": null } ] }
            """,
        ["RunCaregiverAllowance"] = """{ "year": 2020 }""",
        ["ClaimChildRehabilitation"] = """{ "memberId": "M000002", "month": "2020-05", "condition": "CerebralPalsy", "actualCost": 2400.00 }""",
        ["VoidChildRehabilitationClaim"] = """{ "reason": "claimed twice: the rehabilitation centre sent its May invoice again" }""",
    };
}
