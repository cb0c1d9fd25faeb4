using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Nankang.Health.Persistence.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "admissions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    HospitalId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    VisitNo = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    MemberId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    AdmittedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_admissions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "allowance_entries",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Line = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    MemberId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Year = table.Column<int>(type: "int", nullable: false),
                    MonthsJson = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    BookedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    KeyId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    RunId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    ClaimId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_allowance_entries", x => x.Seq);
                });

            migrationBuilder.CreateTable(
                name: "allowance_runs",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Year = table.Column<int>(type: "int", nullable: false),
                    RanAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    KeyId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    MembersBooked = table.Column<int>(type: "int", nullable: false),
                    TotalBooked = table.Column<long>(type: "bigint", nullable: false),
                    ResultJson = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_allowance_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "audit_log",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    At = table.Column<DateTime>(type: "datetime2", nullable: false),
                    KeyId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Role = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    HospitalId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    Action = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Target = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Status = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_log", x => x.Seq);
                });

            migrationBuilder.CreateTable(
                name: "care_certifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    MemberId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Condition = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    From = table.Column<DateOnly>(type: "date", nullable: false),
                    To = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_care_certifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "fund_budgets",
                columns: table => new
                {
                    Year = table.Column<int>(type: "int", nullable: false),
                    Fund = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    KeyId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_fund_budgets", x => new { x.Year, x.Fund });
                });

            migrationBuilder.CreateTable(
                name: "hospitals",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Level = table.Column<int>(type: "int", nullable: false),
                    Region = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Designated = table.Column<bool>(type: "bit", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_hospitals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_keys",
                columns: table => new
                {
                    HospitalId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Key = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    RequestHash = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    SettlementId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    ResponseJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_idempotency_keys", x => new { x.HospitalId, x.Key });
                });

            migrationBuilder.CreateTable(
                name: "ledger_entries",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    SettlementId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    CausedBy = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    HospitalId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    MemberId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Year = table.Column<int>(type: "int", nullable: false),
                    BookedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    KeyId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    BasicInsurance = table.Column<long>(type: "bigint", nullable: false),
                    SeriousIllnessInsurance = table.Column<long>(type: "bigint", nullable: false),
                    SupplementaryInsurance = table.Column<long>(type: "bigint", nullable: false),
                    MedicalAssistance = table.Column<long>(type: "bigint", nullable: false),
                    SpecialReliefTopUp = table.Column<long>(type: "bigint", nullable: false),
                    SpecialReliefHighCost = table.Column<long>(type: "bigint", nullable: false),
                    PatientPays = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_entries", x => x.Seq);
                });

            migrationBuilder.CreateTable(
                name: "member_year_accumulators",
                columns: table => new
                {
                    MemberId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Year = table.Column<int>(type: "int", nullable: false),
                    ClaimCount = table.Column<int>(type: "int", nullable: false),
                    BasicPaid = table.Column<long>(type: "bigint", nullable: false),
                    SeriousIllnessBase = table.Column<long>(type: "bigint", nullable: false),
                    SeriousIllnessPaid = table.Column<long>(type: "bigint", nullable: false),
                    SupplementaryPaid = table.Column<long>(type: "bigint", nullable: false),
                    AssistancePaid = table.Column<long>(type: "bigint", nullable: false),
                    SelfPayAfterTopUp = table.Column<long>(type: "bigint", nullable: false),
                    HighCostReliefPaid = table.Column<long>(type: "bigint", nullable: false),
                    PolicyVersion = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    PolicyThroughSeq = table.Column<long>(type: "bigint", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_member_year_accumulators", x => new { x.MemberId, x.Year });
                });

            migrationBuilder.CreateTable(
                name: "members",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    NationalIdLookup = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    NationalIdCipher = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    NationalIdMasked = table.Column<string>(type: "nvarchar(18)", maxLength: 18, nullable: false),
                    NameCipher = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Sex = table.Column<string>(type: "nvarchar(1)", maxLength: 1, nullable: false),
                    Township = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Village = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_members", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "policies",
                columns: table => new
                {
                    Version = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Json = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    StoredAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    StoredBy = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_policies", x => x.Version);
                });

            migrationBuilder.CreateTable(
                name: "reconciliations",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    HospitalId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Month = table.Column<string>(type: "nvarchar(7)", maxLength: 7, nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    KeyId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Verdict = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    ResultJson = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reconciliations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "rehab_claim_voids",
                columns: table => new
                {
                    ClaimId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    VoidedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    KeyId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rehab_claim_voids", x => x.ClaimId);
                });

            migrationBuilder.CreateTable(
                name: "rehab_claims",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    MemberId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Year = table.Column<int>(type: "int", nullable: false),
                    Month = table.Column<int>(type: "int", nullable: false),
                    Condition = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    ActualCost = table.Column<long>(type: "bigint", nullable: false),
                    Cap = table.Column<long>(type: "bigint", nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    PolicyVersion = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    BookedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    KeyId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rehab_claims", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "settlements",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    HospitalId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    VisitNo = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    MemberId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    AdmissionId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Year = table.Column<int>(type: "int", nullable: false),
                    PolicyVersion = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    BookedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    KeyId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    AdmittedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DischargedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Categories = table.Column<int>(type: "int", nullable: false),
                    HospitalLevel = table.Column<int>(type: "int", nullable: false),
                    HospitalRegion = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    HospitalDesignated = table.Column<bool>(type: "bit", nullable: false),
                    Referred = table.Column<bool>(type: "bit", nullable: false),
                    InsuranceApplicable = table.Column<bool>(type: "bit", nullable: false),
                    NotApplicableReason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    DiagnosesJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    FeesJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    LinesJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    TotalCost = table.Column<long>(type: "bigint", nullable: false),
                    InScope = table.Column<long>(type: "bigint", nullable: false),
                    PreSelfPay = table.Column<long>(type: "bigint", nullable: false),
                    OutOfScope = table.Column<long>(type: "bigint", nullable: false),
                    OverLimit = table.Column<long>(type: "bigint", nullable: false),
                    BasicInsurance = table.Column<long>(type: "bigint", nullable: false),
                    SeriousIllnessInsurance = table.Column<long>(type: "bigint", nullable: false),
                    SupplementaryInsurance = table.Column<long>(type: "bigint", nullable: false),
                    MedicalAssistance = table.Column<long>(type: "bigint", nullable: false),
                    SpecialReliefTopUp = table.Column<long>(type: "bigint", nullable: false),
                    SpecialReliefHighCost = table.Column<long>(type: "bigint", nullable: false),
                    PatientPays = table.Column<long>(type: "bigint", nullable: false),
                    ReimbursementRatioBp = table.Column<int>(type: "int", nullable: false),
                    AccumulatorsAfterJson = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_settlements", x => x.Seq);
                });

            migrationBuilder.CreateTable(
                name: "statement_closures",
                columns: table => new
                {
                    Month = table.Column<string>(type: "nvarchar(7)", maxLength: 7, nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    KeyId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_statement_closures", x => x.Month);
                });

            migrationBuilder.CreateTable(
                name: "statement_lines",
                columns: table => new
                {
                    Month = table.Column<string>(type: "nvarchar(7)", maxLength: 7, nullable: false),
                    Payee = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Line = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    PayeeName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    FundCode = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Ordinal = table.Column<int>(type: "int", nullable: false),
                    SettlementCount = table.Column<int>(type: "int", nullable: false),
                    SettlementAmount = table.Column<long>(type: "bigint", nullable: false),
                    ReversalCount = table.Column<int>(type: "int", nullable: false),
                    ReversalAmount = table.Column<long>(type: "bigint", nullable: false),
                    AdjustmentCount = table.Column<int>(type: "int", nullable: false),
                    AdjustmentAmount = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_statement_lines", x => new { x.Month, x.Payee, x.Line });
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    UserName = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    DisplayName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Role = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    HospitalId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    IsAdministrator = table.Column<bool>(type: "bit", nullable: false),
                    PasswordHash = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    MustChangePassword = table.Column<bool>(type: "bit", nullable: false),
                    FailedSignIns = table.Column<int>(type: "int", nullable: false),
                    LockedUntil = table.Column<DateTime>(type: "datetime2", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_users", x => x.UserName);
                });

            migrationBuilder.CreateTable(
                name: "voids",
                columns: table => new
                {
                    SettlementId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    VoidedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    KeyId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_voids", x => x.SettlementId);
                });

            migrationBuilder.CreateTable(
                name: "member_categories",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    MemberId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Category = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    From = table.Column<DateOnly>(type: "date", nullable: false),
                    To = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_member_categories", x => x.Id);
                    table.ForeignKey(
                        name: "FK_member_categories_members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "fund_budgets",
                columns: new[] { "Fund", "Year", "Amount", "KeyId", "UpdatedAt" },
                values: new object[,]
                {
                    { "childRehabilitation", 2020, 285000000L, "seed", new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc) },
                    { "specialRelief", 2020, 500000000L, "seed", new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc) }
                });

            migrationBuilder.CreateIndex(
                name: "IX_admissions_HospitalId_VisitNo",
                table: "admissions",
                columns: new[] { "HospitalId", "VisitNo" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_admissions_MemberId_HospitalId",
                table: "admissions",
                columns: new[] { "MemberId", "HospitalId" });

            migrationBuilder.CreateIndex(
                name: "IX_allowance_entries_BookedAt",
                table: "allowance_entries",
                column: "BookedAt");

            migrationBuilder.CreateIndex(
                name: "IX_allowance_entries_Line_Year_MemberId",
                table: "allowance_entries",
                columns: new[] { "Line", "Year", "MemberId" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_log_Action_Seq",
                table: "audit_log",
                columns: new[] { "Action", "Seq" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_log_At",
                table: "audit_log",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_audit_log_KeyId_Seq",
                table: "audit_log",
                columns: new[] { "KeyId", "Seq" });

            migrationBuilder.CreateIndex(
                name: "IX_care_certifications_MemberId",
                table: "care_certifications",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entries_BookedAt_HospitalId",
                table: "ledger_entries",
                columns: new[] { "BookedAt", "HospitalId" });

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entries_SettlementId",
                table: "ledger_entries",
                column: "SettlementId");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entries_Year_Kind",
                table: "ledger_entries",
                columns: new[] { "Year", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entries_statement",
                table: "ledger_entries",
                columns: new[] { "BookedAt", "HospitalId", "Kind", "BasicInsurance", "SeriousIllnessInsurance", "SupplementaryInsurance", "MedicalAssistance", "SpecialReliefTopUp", "SpecialReliefHighCost" });

            migrationBuilder.CreateIndex(
                name: "IX_member_categories_MemberId",
                table: "member_categories",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_members_NationalIdLookup",
                table: "members",
                column: "NationalIdLookup",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_reconciliations_HospitalId_Month",
                table: "reconciliations",
                columns: new[] { "HospitalId", "Month" });

            migrationBuilder.CreateIndex(
                name: "IX_rehab_claims_MemberId_Year_Month",
                table: "rehab_claims",
                columns: new[] { "MemberId", "Year", "Month" });

            migrationBuilder.CreateIndex(
                name: "IX_settlements_HospitalId_Seq",
                table: "settlements",
                columns: new[] { "HospitalId", "Seq" });

            migrationBuilder.CreateIndex(
                name: "IX_settlements_HospitalId_VisitNo",
                table: "settlements",
                columns: new[] { "HospitalId", "VisitNo" });

            migrationBuilder.CreateIndex(
                name: "IX_settlements_Id",
                table: "settlements",
                column: "Id",
                unique: true,
                filter: "[Id] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_settlements_MemberId_Year_Seq",
                table: "settlements",
                columns: new[] { "MemberId", "Year", "Seq" });

            // The ledger, the audit log and the stored policies voids re-settle under are append-only in the database
            // itself, not only in the application (AppendOnlyTriggers checks they are present).
            migrationBuilder.Sql(@"CREATE TRIGGER settlements_append_only ON settlements INSTEAD OF UPDATE, DELETE AS BEGIN THROW 51000, 'settlements is append-only', 1; END;");
            migrationBuilder.Sql(@"CREATE TRIGGER ledger_entries_append_only ON ledger_entries INSTEAD OF UPDATE, DELETE AS BEGIN THROW 51000, 'ledger_entries is append-only', 1; END;");
            migrationBuilder.Sql(@"CREATE TRIGGER voids_append_only ON voids INSTEAD OF UPDATE, DELETE AS BEGIN THROW 51000, 'voids is append-only', 1; END;");
            migrationBuilder.Sql(@"CREATE TRIGGER audit_log_append_only ON audit_log INSTEAD OF UPDATE, DELETE AS BEGIN THROW 51000, 'audit_log is append-only', 1; END;");
            migrationBuilder.Sql(@"CREATE TRIGGER allowance_entries_append_only ON allowance_entries INSTEAD OF UPDATE, DELETE AS BEGIN THROW 51000, 'allowance_entries is append-only', 1; END;");
            migrationBuilder.Sql(@"CREATE TRIGGER statement_lines_append_only ON statement_lines INSTEAD OF UPDATE, DELETE AS BEGIN THROW 51000, 'statement_lines is append-only', 1; END;");
            migrationBuilder.Sql(@"CREATE TRIGGER policies_append_only ON policies INSTEAD OF UPDATE, DELETE AS BEGIN THROW 51000, 'policies is append-only', 1; END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS settlements_append_only;");
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS ledger_entries_append_only;");
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS voids_append_only;");
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS audit_log_append_only;");
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS allowance_entries_append_only;");
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS statement_lines_append_only;");
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS policies_append_only;");

            migrationBuilder.DropTable(
                name: "admissions");

            migrationBuilder.DropTable(
                name: "allowance_entries");

            migrationBuilder.DropTable(
                name: "allowance_runs");

            migrationBuilder.DropTable(
                name: "audit_log");

            migrationBuilder.DropTable(
                name: "care_certifications");

            migrationBuilder.DropTable(
                name: "fund_budgets");

            migrationBuilder.DropTable(
                name: "hospitals");

            migrationBuilder.DropTable(
                name: "idempotency_keys");

            migrationBuilder.DropTable(
                name: "ledger_entries");

            migrationBuilder.DropTable(
                name: "member_categories");

            migrationBuilder.DropTable(
                name: "member_year_accumulators");

            migrationBuilder.DropTable(
                name: "policies");

            migrationBuilder.DropTable(
                name: "reconciliations");

            migrationBuilder.DropTable(
                name: "rehab_claim_voids");

            migrationBuilder.DropTable(
                name: "rehab_claims");

            migrationBuilder.DropTable(
                name: "settlements");

            migrationBuilder.DropTable(
                name: "statement_closures");

            migrationBuilder.DropTable(
                name: "statement_lines");

            migrationBuilder.DropTable(
                name: "users");

            migrationBuilder.DropTable(
                name: "voids");

            migrationBuilder.DropTable(
                name: "members");
        }
    }
}
