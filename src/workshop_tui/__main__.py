from workshop_tui.cli import main

main()
