using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Nankang.Health.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class AntiPovertyInsurance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "anti_poverty_reviews",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MemberId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Decision = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    KeyId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_anti_poverty_reviews", x => x.Seq);
                });

            migrationBuilder.InsertData(
                table: "fund_budgets",
                columns: new[] { "Fund", "Year", "Amount", "KeyId", "UpdatedAt" },
                values: new object[] { "antiPovertyInsurance", 2020, 260000000L, "seed", new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc) });

            migrationBuilder.CreateIndex(
                name: "IX_anti_poverty_reviews_Year_MemberId_Seq",
                table: "anti_poverty_reviews",
                columns: new[] { "Year", "MemberId", "Seq" });

            // The poverty office's decisions are append-only in the database itself, like the ledger.
            migrationBuilder.Sql(@"CREATE TRIGGER anti_poverty_reviews_append_only BEFORE UPDATE OR DELETE ON anti_poverty_reviews FOR EACH ROW EXECUTE FUNCTION nankang_append_only();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS anti_poverty_reviews_append_only ON anti_poverty_reviews;");

            migrationBuilder.DropTable(
                name: "anti_poverty_reviews");

            migrationBuilder.DeleteData(
                table: "fund_budgets",
                keyColumns: new[] { "Fund", "Year" },
                keyValues: new object[] { "antiPovertyInsurance", 2020 });
        }
    }
}
