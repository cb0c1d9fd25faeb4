using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Nankang.Health.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Bureau : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "allowance_entries",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Line = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    MemberId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    MonthsJson = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    BookedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RunId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ClaimId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_allowance_entries", x => x.Seq);
                });

            migrationBuilder.CreateTable(
                name: "allowance_runs",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    RanAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    MembersBooked = table.Column<int>(type: "INTEGER", nullable: false),
                    TotalBooked = table.Column<long>(type: "INTEGER", nullable: false),
                    ResultJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_allowance_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "care_certifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MemberId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Condition = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    From = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    To = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_care_certifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "fund_budgets",
                columns: table => new
                {
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Fund = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_fund_budgets", x => new { x.Year, x.Fund });
                });

            migrationBuilder.CreateTable(
                name: "reconciliations",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    HospitalId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Month = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Verdict = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ResultJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reconciliations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "rehab_claim_voids",
                columns: table => new
                {
                    ClaimId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    VoidedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rehab_claim_voids", x => x.ClaimId);
                });

            migrationBuilder.CreateTable(
                name: "rehab_claims",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    MemberId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Month = table.Column<int>(type: "INTEGER", nullable: false),
                    Condition = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ActualCost = table.Column<long>(type: "INTEGER", nullable: false),
                    Cap = table.Column<long>(type: "INTEGER", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    PolicyVersion = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    BookedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rehab_claims", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "statement_closures",
                columns: table => new
                {
                    Month = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_statement_closures", x => x.Month);
                });

            migrationBuilder.CreateTable(
                name: "statement_lines",
                columns: table => new
                {
                    Month = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    Payee = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Line = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PayeeName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FundCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    SettlementCount = table.Column<int>(type: "INTEGER", nullable: false),
                    SettlementAmount = table.Column<long>(type: "INTEGER", nullable: false),
                    ReversalCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ReversalAmount = table.Column<long>(type: "INTEGER", nullable: false),
                    AdjustmentCount = table.Column<int>(type: "INTEGER", nullable: false),
                    AdjustmentAmount = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_statement_lines", x => new { x.Month, x.Payee, x.Line });
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
                name: "IX_ledger_entries_statement",
                table: "ledger_entries",
                columns: new[] { "BookedAt", "HospitalId", "Kind", "BasicInsurance", "SeriousIllnessInsurance", "SupplementaryInsurance", "MedicalAssistance", "SpecialReliefTopUp", "SpecialReliefHighCost" });

            migrationBuilder.CreateIndex(
                name: "IX_allowance_entries_BookedAt",
                table: "allowance_entries",
                column: "BookedAt");

            migrationBuilder.CreateIndex(
                name: "IX_allowance_entries_Line_Year_MemberId",
                table: "allowance_entries",
                columns: new[] { "Line", "Year", "MemberId" });

            migrationBuilder.CreateIndex(
                name: "IX_care_certifications_MemberId",
                table: "care_certifications",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_reconciliations_HospitalId_Month",
                table: "reconciliations",
                columns: new[] { "HospitalId", "Month" });

            migrationBuilder.CreateIndex(
                name: "IX_rehab_claims_MemberId_Year_Month",
                table: "rehab_claims",
                columns: new[] { "MemberId", "Year", "Month" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "allowance_entries");

            migrationBuilder.DropTable(
                name: "allowance_runs");

            migrationBuilder.DropTable(
                name: "care_certifications");

            migrationBuilder.DropTable(
                name: "fund_budgets");

            migrationBuilder.DropTable(
                name: "reconciliations");

            migrationBuilder.DropTable(
                name: "rehab_claim_voids");

            migrationBuilder.DropTable(
                name: "rehab_claims");

            migrationBuilder.DropTable(
                name: "statement_closures");

            migrationBuilder.DropTable(
                name: "statement_lines");

            migrationBuilder.DropIndex(
                name: "IX_ledger_entries_statement",
                table: "ledger_entries");
        }
    }
}
