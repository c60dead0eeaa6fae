from desk_app.cli import main

raise SystemExit(main())
