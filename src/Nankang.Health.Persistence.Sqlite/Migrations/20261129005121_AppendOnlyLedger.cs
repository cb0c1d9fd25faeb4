using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nankang.Health.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AppendOnlyLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_audit_log_Action_Seq",
                table: "audit_log",
                columns: new[] { "Action", "Seq" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_log_KeyId_Seq",
                table: "audit_log",
                columns: new[] { "KeyId", "Seq" });

            // The ledger is append-only in the database itself, not only in the application.
            migrationBuilder.Sql(@"CREATE TRIGGER settlements_no_update BEFORE UPDATE ON settlements BEGIN SELECT RAISE(ABORT, 'settlements is append-only'); END;");
            migrationBuilder.Sql(@"CREATE TRIGGER settlements_no_delete BEFORE DELETE ON settlements BEGIN SELECT RAISE(ABORT, 'settlements is append-only'); END;");
            migrationBuilder.Sql(@"CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only'); END;");
            migrationBuilder.Sql(@"CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only'); END;");
            migrationBuilder.Sql(@"CREATE TRIGGER voids_no_update BEFORE UPDATE ON voids BEGIN SELECT RAISE(ABORT, 'voids is append-only'); END;");
            migrationBuilder.Sql(@"CREATE TRIGGER voids_no_delete BEFORE DELETE ON voids BEGIN SELECT RAISE(ABORT, 'voids is append-only'); END;");
            migrationBuilder.Sql(@"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;");
            migrationBuilder.Sql(@"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;");
            migrationBuilder.Sql(@"CREATE TRIGGER allowance_entries_no_update BEFORE UPDATE ON allowance_entries BEGIN SELECT RAISE(ABORT, 'allowance_entries is append-only'); END;");
            migrationBuilder.Sql(@"CREATE TRIGGER allowance_entries_no_delete BEFORE DELETE ON allowance_entries BEGIN SELECT RAISE(ABORT, 'allowance_entries is append-only'); END;");
            migrationBuilder.Sql(@"CREATE TRIGGER statement_lines_no_update BEFORE UPDATE ON statement_lines BEGIN SELECT RAISE(ABORT, 'statement_lines is append-only'); END;");
            migrationBuilder.Sql(@"CREATE TRIGGER statement_lines_no_delete BEFORE DELETE ON statement_lines BEGIN SELECT RAISE(ABORT, 'statement_lines is append-only'); END;");

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS settlements_no_update;");
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS settlements_no_delete;");
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS ledger_entries_no_update;");
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS ledger_entries_no_delete;");
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS voids_no_update;");
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS voids_no_delete;");
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS audit_log_no_update;");
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS audit_log_no_delete;");
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS allowance_entries_no_update;");
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS allowance_entries_no_delete;");
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS statement_lines_no_update;");
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS statement_lines_no_delete;");

            migrationBuilder.DropIndex(
                name: "IX_audit_log_Action_Seq",
                table: "audit_log");

            migrationBuilder.DropIndex(
                name: "IX_audit_log_KeyId_Seq",
                table: "audit_log");
        }
    }
}
